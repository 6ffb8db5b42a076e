#!/usr/bin/env bash
# Write-path benchmark (not part of CI): starts the platform on its embedded stack (as the system tests do), measures
# emitted events/s vs a raw Kafka producer and frame upload vs raw S3 PUTs at the same concurrency, and writes the
# figures to docs/benchmarks.md. Loopback only; bounded (a few thousand requests). Knobs (JVM system properties):
#   BENCH_OPTS="-Dbench.clients=4 -Dbench.emits=30 -Dbench.uploads=6" bench/write-path.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=WritePathBench -Dfailsafe.failIfNoSpecifiedTests=false ${BENCH_OPTS:+-DargLine="$BENCH_OPTS"}
echo "figures written to docs/benchmarks.md"
