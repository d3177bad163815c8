#!/usr/bin/env bash
# FairRec vs BPR-MF on synthetic data with a planted attribute–taste correlation (0.6): accuracy,
# and the audit of every run (attribute attacker, group gaps, popularity bias); a λ sweep.
# Usage: tests/bench/bench_fairrec.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
here=$(dirname "$0")
out=$(mktemp -d)
bash "$here/run_spec.sh" "$here/fairrec_synthetic.json" "${1:-}" "${2:-cpu}" 2>&1 | tee "$out/run.txt"
db=$(sed -n 's/.*results in \(.*runs\.db\).*/\1/p' "$out/run.txt" | head -1)
cli="${1:-$(cd "$here/../.." && pwd)/build}/bin/recscope-cli"
for id in $(seq 1 7); do
    "$cli" audit "$id" --db "$db" --stored | sed -n '1p;/^NDCG@10/p;/attacker/p;/^APLT/p;/^GiniRecBole/p'
done
