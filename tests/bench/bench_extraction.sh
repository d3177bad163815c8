#!/usr/bin/env bash
# Few-shot model extraction of the sample project's SASRec (synthetic, 2,000 users, 1,000 items):
# the attacker holds 10% of users; budgets 2k–20k queries; three variants; agreement on 1,000
# held-out users, with wall time and peak memory.
# Usage: tests/bench/bench_extraction.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=$(mktemp -d)
cat > "$out/spec.json" <<JSON
{"name": "extraction", "dataset": {"synthetic": {"users": 2000, "items": 1000, "mean_length": 40, "seed": 42}},
 "split": {"kind": "leave_one_out"}, "eval": {"metrics": ["NDCG"], "ks": [10], "valid_metric": "NDCG@10"}, "seed": 2024,
 "models": [{"id": "sasrec", "params": {"epochs": 40, "batch_size": 64, "learning_rate": 0.002, "dropout": 0.2, "patience": 10}}]}
JSON
"$build/bin/recscope-cli" run "$out/spec.json" --db "$out/x.db" --checkpoints "$out/ckpt" --quiet > /dev/null
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$build/bin/recscope-cli" extract 1 --db "$out/x.db" 2> "$out/time.txt"
tail -1 "$out/time.txt"
