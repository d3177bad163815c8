#!/usr/bin/env bash
# HSTU vs SASRec on the same leave-one-out split and budget (100 epochs, early stopping on
# validation NDCG@10 with patience 10, or a fixed 100 epochs where the label says so), each over
# seeds 1, 2, 3: test NDCG/Hit/MRR as mean ± std per configuration (tests/bench/summarize_runs.py),
# then the stored runs with their epochs and training time.
# Usage: tests/bench/bench_hstu.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
here=$(dirname "$0")
out=$(mktemp -d)
BENCH_DB="$out/hstu.db" bash "$here/run_spec.sh" "$here/hstu_vs_sasrec.json" "${1:-}" "${2:-cpu}" > "$out/run.txt" 2>&1 \
    || { cat "$out/run.txt"; exit 1; }
tail -1 "$out/run.txt"
python3 "$here/summarize_runs.py" "$out/hstu.db" NDCG@10 Hit@10 NDCG@50 Hit@50 MRR@10
python3 - "$out/hstu.db" <<'PY'
import collections, sqlite3, statistics, sys
con = sqlite3.connect(sys.argv[1])
rows = collections.OrderedDict()
for label, epochs, best, secs in con.execute("SELECT label, epochs, best_epoch, train_seconds FROM runs WHERE status = 'finished' ORDER BY id"):
    rows.setdefault(label, []).append((epochs, best, secs))
print("\n| configuration | epochs (best) per seed | train s, mean |\n|---|---|---|")
for label, r in rows.items():
    print(f"| {label} | " + ", ".join(f"{e} ({b})" for e, b, _ in r) + f" | {statistics.mean(s for _, _, s in r):.0f} |")
PY
