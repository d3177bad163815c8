#!/usr/bin/env bash
# Epoch-time and evaluation-throughput benchmark on a ~1M-interaction synthetic dataset
# (25,000 users x mean 40 interactions, 12,000 items). Each learned model trains EPOCHS epochs
# and is validated once and tested once (full ranking over all items, history masked).
# Prints seconds per epoch (median of the stored train/seconds) and evaluated users per second.
# Usage: tests/bench/bench_train.sh [BUILD_DIR] [DEVICE] [EPOCHS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
device=${2:-cpu}
epochs=${3:-2}
out="$root/bench-data/train-$device"
mkdir -p "$out"
rm -f "$out/bench.db"*
cat > "$out/spec.json" <<JSON
{
  "name": "bench-train",
  "dataset": {"format": "synthetic", "synthetic": {"users": 25000, "items": 12000, "mean_length": 40, "seed": 7}},
  "split": {"kind": "leave_one_out"},
  "eval": {"metrics": ["NDCG", "Hit"], "ks": [10], "valid_metric": "NDCG@10"},
  "device": "$device",
  "seed": 1,
  "models": [
    {"id": "bpr", "params": {"epochs": $epochs, "batch_size": 2048, "eval_every": 1000}},
    {"id": "lightgcn", "params": {"epochs": $epochs, "batch_size": 2048, "eval_every": 1000}},
    {"id": "sasrec", "params": {"epochs": $epochs, "batch_size": 256, "max_len": 50, "eval_every": 1000}}
  ]
}
JSON
# ALLOCATOR=glibc measures without jemalloc; the default matches packaging/recscope.sh.
preload=""
if [ "${ALLOCATOR:-jemalloc}" = jemalloc ]; then
    preload=$(ls /usr/lib/*/libjemalloc.so.2 | head -1)
    export MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1}
fi
/usr/bin/time -v env LD_PRELOAD="$preload" "$build/bin/recscope-cli" run "$out/spec.json" --db "$out/bench.db" --quiet \
    2> "$out/time.txt" | tail -8
grep -E "Maximum resident" "$out/time.txt"
python3 - "$out/bench.db" <<'PY'
import sqlite3, statistics, sys
db = sqlite3.connect(sys.argv[1])
print(f"{'model':10} {'s/epoch':>8} {'eval users/s':>13}")
for rid, model, eval_s in db.execute("SELECT id, model, eval_seconds FROM runs ORDER BY id"):
    secs = [v for (v,) in db.execute("SELECT value FROM epoch_metrics WHERE run_id=? AND name='train/seconds'", (rid,))]
    users = sum(v for (v,) in db.execute("SELECT value FROM final_metrics WHERE run_id=? AND name='users'", (rid,)))
    print(f"{model:10} {statistics.median(secs):8.2f} {users / eval_s:13.0f}")
PY
