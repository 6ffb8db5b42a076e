#!/usr/bin/env bash
# Extraction quality (issue 10), not part of CI: system-tests ExtractionQualityIT records RUNS sessions of the sample
# app (four driver paths each) in a real headless Chromium on the whole platform, matches the extracted events with
# the driver's ground truth and writes precision/recall/F1 per type and overall to docs/benchmarks.md.
# Usage: bench/extraction.sh [RUNS]   (default 5; needs chromium on PATH)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ExtractionQualityIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dnusomi.extraction.runs="$RUNS" -Dnusomi.extraction.docs=true
echo "figures written to docs/benchmarks.md (section \"Extraction quality (issue 10)\")"
