#!/usr/bin/env bash
# Capture overhead benchmark (issue 10; not part of CI): the recorder's cost on the page it records. A 10,000-element
# page with activity is driven identically with and without `record` attached, side by side in one headless Chromium
# (one document for the whole run: each phase clears what the last drive left and attaches a recorder to the loaded
# page or not, and the recorder's stop removes all it installed; bench.sameDocument=false loads the page afresh each
# phase instead; the kinds in a rotating order, bench.runs rounds of them; a second phase without the recorder is the
# control: what identical phases differ by); the CPU time of the page's renderer main thread (schedstat,
# with CDP Performance.getMetrics beside it) is compared round by round (median ratio and its bootstrap interval) and
# written to docs/benchmarks.md. Needs Chromium (CHROMIUM or chromium on PATH); no platform
# (uploads go to a local sink).
# Knobs (system properties; bench.profile=true also prints the page's JavaScript self time by function; bench.kinds
# runs only some kinds, e.g. without,with (default without,with,nosnap,again; without is required); bench.snapshotOnly=true
# only prints what one snapshot costs the page (its alternating-blocks measure included), docs untouched; bench.snapshotSource=cdp measures Chromium's DOMSnapshot/AX trees instead;
# bench.clockMs=1000 makes the page's clock a 1-second timer instead of a tick at the end of each round of the drive;
# bench.pin=true runs the page's renderer main thread alone on CPU 0 during each drive, all else on the other CPUs):
#   BENCH_OPTS="-Dbench.runs=24 -Dbench.rounds=3 -Dbench.snapshotGapMs=500 -Dbench.snapshotSource=page -Dbench.profile=false" bench/capture-overhead.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
./mvnw -B -q -pl capture-agent -am package -DskipTests >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-} \
  -cp "capture-agent/target/test-classes:capture-agent/target/classes:$(cat capture-agent/target/classpath.txt)" \
  com.nusomi.captureagent.bench.CaptureOverheadBench
echo "figures written to docs/benchmarks.md"
