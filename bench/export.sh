#!/usr/bin/env bash
# Export benchmark (issue 7 item 8; not part of CI). Two steps, each rewriting only its own section of
# docs/benchmarks.md:
#  1. shard-writer FormatStageBench: the WebDataset format + SHA-256 stage alone vs `tar cf - | sha256sum` over the
#     same frame files, and Parquet writing vs DuckDB `COPY … TO 'x.parquet'` of the same rows;
#  2. system-tests ExportBench: the platform on its embedded stack; webdataset and parquet exports of >= 100 MB end to
#     end (request -> manifest) vs local tar | sha256sum and vs the same frames moved by hand (awscli + tar +
#     sha256sum; skipped with a note where awscli is absent), seed 001's example scaled down with 1, 2 and 4 shard
#     writers, and the writer's heap with 32 MiB and 256 MiB shards. The writer series runs twice: to the on-box store,
#     and to a "remote store": the destination `endpoint` is a shaper (system-tests RemoteStoreShaper, an in-process
#     TCP proxy in front of the same store) adding a one-way latency each way, a bandwidth cap per connection and
#     direction, and round trips per new connection (TCP + TLS handshakes), i.e. a bucket in another region; its
#     limit is the by-hand pipeline uploading through the same shaper.
# Knobs (Maven/JVM system properties), e.g. a smaller, quicker run:
#   BENCH_OPTS="-Dbench.scale=200 -Dbench.frameBytes=65536 -Dbench.writers=1,2 -Dbench.parquetRows=50000" bench/export.sh
#   BENCH_OPTS="-Dbench.scalingOnly=true -Dbench.scale=200" bench/export.sh   (only the writer series)
# Defaults: bench.scale=100 (184,312 rows / 100 = 1,843 frames), bench.frameBytes=57344, bench.sessions=8,
# bench.writers=1,2,4, bench.parquetRows=184312, bench.scalingOnly=false; the remote store: bench.remote=true,
# bench.remote.latencyMs=20 (one way: 40 ms per round trip), bench.remote.mbPerSecond=24 (per connection and
# direction), bench.remote.setupRoundTrips=2. Loopback only; about 12 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="$(./nusomi java-home)"
# shellcheck disable=SC2086
./mvnw -B -pl shard-writer -am test -Dtest=FormatStageBench -Dsurefire.failIfNoSpecifiedTests=false ${BENCH_OPTS:-}
# shellcheck disable=SC2086
./mvnw -B -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ExportBench -Dfailsafe.failIfNoSpecifiedTests=false ${BENCH_OPTS:-}
echo "figures written to docs/benchmarks.md"
