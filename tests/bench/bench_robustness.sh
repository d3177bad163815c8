#!/usr/bin/env bash
# Poisoning attacks (random, bandwagon, popular, average, optimised dp) against BPR-MF, APR and VAT
# on the synthetic set (2,000 users, 1,000 items): each attack at 1% and 3% fake users (profile =
# the mean real length), 5 tail targets, every model over seeds 1, 2, 3 (the attack's fake users
# are the same for every seed). Prints T-HR@50 mean ± std per attack and model, each model's rise
# relative to its own unattacked T-HR@50 on the same seed, and the unattacked NDCG@10
# (tests/bench/summarize_robustness.py).
# Usage: tests/bench/bench_robustness.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=$(mktemp -d)
for attack in "none 0" "random 0.01" "random 0.03" "bandwagon 0.01" "bandwagon 0.03" "popular 0.01" "popular 0.03" "average 0.01" "average 0.03" "dp 0.01" "dp 0.03"; do
    set -- $attack
    cat > "$out/spec.json" <<JSON
{"name": "$1 $2", "dataset": {"synthetic": {"users": 2000, "items": 1000, "seed": 4}}, "device": "cpu",
 "eval": {"metrics": ["NDCG"], "ks": [10]}, "attack": {"kind": "$1", "fake_user_share": $2, "targets": 5, "target_band": "tail"},
 "repeat": {"seeds": [1, 2, 3]},
 "models": [{"id": "bpr", "params": {"epochs": 40, "learning_rate": 0.005, "patience": 0}},
            {"id": "apr_bpr", "params": {"epochs": 40, "learning_rate": 0.005, "patience": 0}},
            {"id": "vat_bpr", "params": {"epochs": 40, "learning_rate": 0.005, "patience": 0}}]}
JSON
    "$build/bin/recscope-cli" run "$out/spec.json" --db "$out/robustness.db" --quiet > /dev/null 2>&1
done
python3 "$root/tests/bench/summarize_robustness.py" "$out/robustness.db"
