#!/usr/bin/env bash
# HSTU trained through the fused attention kernel and through the unfused LibTorch reference
# (RECSCOPE_KERNELS=reference), same spec and seed: seconds per epoch and test metrics of each, on
# the sample project's data (mean length 40, n 200) and on a long-sequence synthetic set (mean
# length 1,000, n 1024). The two paths round differently, so the metrics agree to within what a
# different summation order moves them, not bit for bit.
# Usage: tests/bench/bench_hstu_kernels.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=$(mktemp -d)
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) threads"
echo
echo "| data | path | epochs | s per epoch | test NDCG@10 | test Hit@10 |"
echo "|---|---|---|---|---|---|"
for spec in hstu_kernel_sample hstu_kernel_long; do
    for path in fused reference; do
        db="$out/$spec-$path.db"
        if [ "$path" = reference ]; then export RECSCOPE_KERNELS=reference; else unset RECSCOPE_KERNELS; fi
        BENCH_DB="$db" bash "$here/run_spec.sh" "$here/$spec.json" "$build" cpu > "$out/log.txt" 2>&1 \
            || { cat "$out/log.txt"; exit 1; }
        python3 - "$db" "$spec" "$path" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for rid, epochs, secs in con.execute("SELECT id, epochs, train_seconds FROM runs ORDER BY id"):
    m = dict(con.execute("SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = 'test'", (rid,)))
    print(f"| {sys.argv[2]} | {sys.argv[3]} | {epochs} | {secs / max(epochs, 1):.2f} | {m.get('NDCG@10', float('nan')):.4f} | {m.get('Hit@10', float('nan')):.4f} |")
PY
    done
done
unset RECSCOPE_KERNELS
