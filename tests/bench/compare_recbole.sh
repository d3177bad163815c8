#!/usr/bin/env bash
# Same protocol, two implementations: runs RecScope on MovieLens-100K as RecBole ships it (the
# atomic files inside the recbole wheel on PyPI) with RecBole's defaults — leave-one-out by time,
# full ranking, NDCG@10 for early stopping (patience 10), Adam lr 1e-3, batch 2048 — and prints
# the results table. RecBole's own figures on the same split: README, "Compared with RecBole".
# Usage: tests/bench/compare_recbole.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out="$root/bench-data/recbole-ml-100k"
if [ ! -f "$out/ml-100k/ml-100k.inter" ]; then
    mkdir -p "$out"
    "$root/.venv/bin/pip" download recbole==1.2.1 --no-deps -d "$out" -q
    (cd "$out" && "$root/.venv/bin/python" -m zipfile -e recbole-1.2.1-py3-none-any.whl wheel \
        && mv wheel/recbole/dataset_example/ml-100k . && rm -rf wheel)
fi
common='"dataset": {"format": "recbole", "path": "ml-100k"},
  "split": {"kind": "leave_one_out"}, "seed": 2024, "device": "cpu",
  "eval": {"metrics": ["Recall", "NDCG", "Hit", "MRR"], "ks": [10, 20], "valid_metric": "NDCG@10"MASK}'
cat > "$out/general.json" <<JSON
{"name": "recbole-ml-100k-general", ${common/MASK/},
 "models": [{"id": "pop"}, {"id": "itemknn"}, {"id": "bpr"},
            {"id": "lightgcn", "params": {"reg_weight": 1e-5}}]}
JSON
# RecBole ranks all items for sequential models without masking the history.
cat > "$out/sequential.json" <<JSON
{"name": "recbole-ml-100k-sequential", ${common/MASK/, \"mask_history\": false},
 "models": [{"id": "sasrec", "params": {"hidden_size": 64, "n_heads": 2, "loss": "ce", "batch_size": 256}}]}
JSON
rm -f "$out/compare.db"*
for spec in general sequential; do
    "$build/bin/recscope-cli" run "$out/$spec.json" --db "$out/compare.db" --quiet
done
