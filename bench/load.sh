#!/usr/bin/env bash
# Load benchmark (not part of CI): starts the embedded infrastructure and the seven services (as the system tests do),
# records many sessions concurrently through the public API until sealed — with one instance of every service, then
# with two — and writes sessions sealed/s, seal latency after stop (p50/p99) and the platform's peak resident memory
# to docs/benchmarks.md. Loopback only; bounded (default 100 sessions × 300 frames per run, two runs). Knobs:
#   BENCH_OPTS="-Dbench.sessions=100 -Dbench.frames=300 -Dbench.concurrency=16" bench/load.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=LoadBench -Dfailsafe.failIfNoSpecifiedTests=false ${BENCH_OPTS:+-DargLine="$BENCH_OPTS"}
echo "figures written to docs/benchmarks.md"
