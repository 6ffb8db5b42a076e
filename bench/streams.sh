#!/usr/bin/env bash
# SSE benchmark (not part of CI): 500 streams on one workspace, events at 1,000/s for 20 s through the gateway's live
# feed (api-gateway StreamLatencyBench on the embedded stack); prints emit → receipt p50/p99 beside a bare Kafka
# consumer's p99 measured in the same run (the machine's own limit), gateway CPU and heap. Knobs:
#   BENCH_OPTS="-Dbench.streams=500 -Dbench.sessions=50 -Dbench.rate=1000 -Dbench.seconds=20" bench/streams.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -pl api-gateway -am verify -Dtest=StreamLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
  ${BENCH_OPTS:--Dbench.streams=500 -Dbench.sessions=50 -Dbench.rate=1000 -Dbench.seconds=20}
