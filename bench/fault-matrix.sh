#!/usr/bin/env bash
# The fault matrix alone (it also runs in every `./mvnw verify`): system-tests FaultMatrixIT on its own platform,
# then writes its measured table to docs/reliability.md (a plain verify writes it to system-tests/target/ only).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultMatrixIT -Dfailsafe.failIfNoSpecifiedTests=false -Dnusomi.reliability.docs=true
echo "table written to docs/reliability.md"
