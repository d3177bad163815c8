#!/usr/bin/env bash
# The EASE plugin (plugins/ease) at the size of bench_train.sh: 1M synthetic interactions, 25,000
# users, 12,000 items. EASE solves one 12,000 x 12,000 system (double precision), so this measures
# the closed-form fit (train_s), full-ranking evaluation and the peak memory of the dense matrices.
# Usage: tests/bench/bench_ease.sh [BUILD_DIR] [REG]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
reg=${2:-250}
out="$root/bench-data/ease"
mkdir -p "$out"
rm -f "$out/bench.db"*
cat > "$out/spec.json" <<JSON
{
  "name": "bench-ease",
  "dataset": {"format": "synthetic", "synthetic": {"users": 25000, "items": 12000, "mean_length": 40, "seed": 7}},
  "split": {"kind": "leave_one_out"},
  "eval": {"metrics": ["NDCG", "Hit"], "ks": [10], "valid_metric": "NDCG@10"},
  "device": "cpu",
  "seed": 1,
  "models": [{"id": "pop"}, {"id": "ease", "params": {"reg": $reg}}]
}
JSON
preload=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)
/usr/bin/time -v env LD_PRELOAD="$preload" MALLOC_CONF=dirty_decay_ms:-1 "$build/bin/recscope-cli" run "$out/spec.json" \
    --db "$out/bench.db" --quiet 2> "$out/time.txt" | tail -5
grep -E "Elapsed|Maximum resident" "$out/time.txt"
