#!/usr/bin/env bash
# Whole-run benchmark: builds benchmarks/target/benchmarks.jar, generates (or reuses) a corpus of
# RECORDS records (default 1,000,000) under benchmarks/target/, and prints floor / normalize /
# attribute side by side.
#   benchmarks/run.sh [records] [WholeRun options…]      e.g. benchmarks/run.sh 1000000 --threads 2
# JVM options go in JAVA_OPTS (default -Xmx2g -XX:+UseParallelGC, the collector ./crosstrail uses;
# ./crosstrail also sets a young-generation cap and smaller JIT inlining budgets, see "Smaller
# inlining budgets" in benchmarks/README.md),
# e.g. JAVA_OPTS="-Xmx512m -XX:+UseParallelGC" benchmarks/run.sh 5000000
# Set SKIP_BUILD=1 to reuse the jar already built.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
records="${1:-1000000}"
shift || true
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$here/.." && mvn -B -q -Pbench -pl benchmarks -am package -DskipTests)
fi
cd "$here"
exec java ${JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} -cp target/benchmarks.jar dev.crosstrail.bench.WholeRun --records "$records" "$@"
