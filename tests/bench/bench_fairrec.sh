#!/usr/bin/env bash
# FairRec vs BPR-MF on synthetic data with a planted attribute–taste correlation (0.6): accuracy and
# the audit of every run (attribute attacker, group gap, popularity bias) for a λ sweep, each over
# seeds 1, 2, 3; prints mean ± std per configuration (tests/bench/summarize_runs.py).
# Usage: tests/bench/bench_fairrec.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
here=$(dirname "$0")
out=$(mktemp -d)
BENCH_DB="$out/fairrec.db" bash "$here/run_spec.sh" "$here/fairrec_synthetic.json" "${1:-}" "${2:-cpu}" > "$out/run.txt" 2>&1 \
    || { cat "$out/run.txt"; exit 1; }
tail -1 "$out/run.txt"
python3 "$here/summarize_runs.py" "$out/fairrec.db" NDCG@10 attacker majority gap:NDCG@10 bias:APLT
