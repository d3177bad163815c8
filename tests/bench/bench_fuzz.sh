#!/usr/bin/env bash
# The README's fuzzing figures: every parser target for a million executions (ASan + UBSan,
# libFuzzer), in two lanes on a 2-core machine, with the machine it ran on.
#   tests/bench/bench_fuzz.sh [runs, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-1000000}
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(clang++ --version | head -1)"
tests/fuzz/run.sh --runs 1 escape >/dev/null # builds once before the lanes start
out=$(mktemp -d)
tests/fuzz/run.sh --runs "$runs" delimited recbole amazon manifest >"$out/a" 2>&1 &
a=$!
tests/fuzz/run.sh --runs "$runs" movielens sequence configs escape stamp >"$out/b" 2>&1 &
b=$!
status=0
wait $a || status=1
wait $b || status=1
cat "$out/a" "$out/b"
rm -rf "$out"
exit $status
