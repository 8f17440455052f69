#!/usr/bin/env bash
# Before/after whole runs, interleaved: REV's benchmark and the working tree's take turns on the same
# corpus. A VM's speed can drift by ±30% between back-to-back runs, so two runs taken minutes apart
# say little; alternating runs compare like with like.
#   benchmarks/compare.sh REV [records] [runs] [WholeRun options…]
#   benchmarks/compare.sh 910fab2 1000000 3 --rounds 2
# REV is checked out in a temporary git worktree (removed at the end) and must have WholeRun with
# --dir. JVM flags in JAVA_OPTS as for run.sh (default -Xmx2g -XX:+UseParallelGC).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rev="${1:?usage: benchmarks/compare.sh REV [records] [runs] [WholeRun options…]}"
records="${2:-1000000}"
runs="${3:-3}"
shift $(( $# < 3 ? $# : 3 ))
opts="${JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
corpus="$here/target/corpus-42-$records"

before="$(mktemp -d)/before"
git -C "$root" worktree add -q --detach "$before" "$rev"
trap 'git -C "$root" worktree remove --force "$before"' EXIT
(cd "$before" && mvn -B -q -Pbench -pl benchmarks -am package -DskipTests)
(cd "$root" && mvn -B -q -Pbench -pl benchmarks -am package -DskipTests)

for i in $(seq 1 "$runs"); do
  for side in after before; do # after first: the working tree generates the corpus if it is missing
    jar="$here/target/benchmarks.jar"
    [[ "$side" == before ]] && jar="$before/benchmarks/target/benchmarks.jar"
    echo "=== $side ($([[ "$side" == before ]] && echo "$rev" || echo "working tree")), run $i of $runs"
    # shellcheck disable=SC2086 # JVM flags are words
    (cd "$here" && java $opts -cp "$jar" dev.crosstrail.bench.WholeRun --records "$records" --dir "$corpus" "$@")
  done
done
