#!/usr/bin/env bash
# Long-sequence CTR models on the synthetic dataset (3,000 users, up to 200 behaviours per
# sample), each over seeds 1, 2, 3: AUC, GAUC, LogLoss, the search check against the learned
# correlation and DARE's search cost at three attention sizes, as mean ± std per model
# (tests/bench/summarize_runs.py), then the mean training seconds.
# Usage: tests/bench/bench_ctr.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
here=$(dirname "$0")
out=$(mktemp -d)
BENCH_DB="$out/ctr.db" bash "$here/run_spec.sh" "$here/ctr_synthetic.json" "${1:-}" "${2:-cpu}" > "$out/run.txt" 2>&1 \
    || { cat "$out/run.txt"; exit 1; }
tail -1 "$out/run.txt"
python3 "$here/summarize_runs.py" "$out/ctr.db" AUC GAUC LogLoss SearchNDCG@20 SearchRPrecision SearchMFLOPs/sample
python3 - "$out/ctr.db" <<'PY'
import collections, sqlite3, statistics, sys
con = sqlite3.connect(sys.argv[1])
secs = collections.OrderedDict()
for label, s in con.execute("SELECT label, train_seconds FROM runs WHERE status = 'finished' ORDER BY id"):
    secs.setdefault(label, []).append(s)
print("\n| model | train s, mean over seeds |\n|---|---|")
for label, s in secs.items():
    print(f"| {label} | {statistics.mean(s):.0f} |")
PY
