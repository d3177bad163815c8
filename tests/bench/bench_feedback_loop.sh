#!/usr/bin/env bash
# The Source Echo Chamber feedback loop on the sample project's data (synthetic, 2,000 users,
# 1,000 items, 30% of items AI-generated): 10 rounds with and without black-box debiasing, with
# wall time and peak memory.
# Usage: tests/bench/bench_feedback_loop.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=$(mktemp -d)
cat > "$out/spec.json" <<JSON
{"name": "loop", "dataset": {"synthetic": {"users": 2000, "items": 1000, "mean_length": 40, "seed": 42}},
 "split": {"kind": "leave_one_out"}, "eval": {"metrics": ["NDCG"], "ks": [10]}, "models": [{"id": "pop"}]}
JSON
"$build/bin/recscope-cli" run "$out/spec.json" --db "$out/loop.db" --quiet > /dev/null
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$build/bin/recscope-cli" loop 1 --db "$out/loop.db" 2> "$out/time.txt"
tail -1 "$out/time.txt"
