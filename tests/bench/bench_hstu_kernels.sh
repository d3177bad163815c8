#!/usr/bin/env bash
# HSTU trained through the fused attention kernel and through the unfused LibTorch reference
# (RECSCOPE_KERNELS=reference), same spec and seeds: seconds per epoch and test metrics of each
# (mean ± std over the spec's seeds), on the sample project's data (mean length 40, n 200, seeds
# 1-3) and on a long-sequence synthetic set (mean length 1,000, n 1024, one seed). The two paths
# round differently, so training drifts apart as it would between seeds; the saved fused model is
# then evaluated again through the reference path (recscope-cli evaluate), which must give its
# stored metrics: the two forward paths rank alike.
# Usage: tests/bench/bench_hstu_kernels.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -z "${LD_PRELOAD:-}" ] && jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1) && [ -n "$jemalloc" ] \
    && export LD_PRELOAD="$jemalloc" MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1}
build=${1:-build}
out=$(mktemp -d)
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) threads"
echo
echo "| data | path | runs | s per epoch | test NDCG@10 | test Hit@10 |"
echo "|---|---|---|---|---|---|"
for spec in hstu_kernel_sample hstu_kernel_long; do
    for path in fused reference; do
        db="$out/$spec-$path.db"
        if [ "$path" = reference ]; then export RECSCOPE_KERNELS=reference; else unset RECSCOPE_KERNELS; fi
        sed 's/"device": "auto"/"device": "cpu"/' "$here/$spec.json" > "$out/spec.json"
        "$build/bin/recscope-cli" run "$out/spec.json" --db "$db" --checkpoints "$out/$spec-$path" \
            --quiet > "$out/log.txt" 2>&1 || { cat "$out/log.txt"; exit 1; }
        python3 - "$db" "$spec" "$path" <<'PY'
import sqlite3, statistics, sys
con = sqlite3.connect(sys.argv[1])
per_epoch, metrics = [], {"NDCG@10": [], "Hit@10": []}
for rid, epochs, secs in con.execute("SELECT id, epochs, train_seconds FROM runs WHERE status = 'finished' ORDER BY id"):
    per_epoch.append(secs / max(epochs, 1))
    m = dict(con.execute("SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = 'test'", (rid,)))
    for k in metrics:
        metrics[k].append(m[k])
def show(v):
    return f"{statistics.mean(v):.4f} ± {statistics.stdev(v):.4f}" if len(v) > 1 else f"{v[0]:.4f}"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {len(per_epoch)} | {statistics.mean(per_epoch):.2f} | {show(metrics['NDCG@10'])} | {show(metrics['Hit@10'])} |")
PY
    done
    unset RECSCOPE_KERNELS
    again=$(RECSCOPE_KERNELS=reference "$build/bin/recscope-cli" evaluate 1 --db "$out/$spec-fused.db" 2>&1 | tail -1)
    echo "|  | fused run 1, evaluated again through the reference path: $again | | | | |"
done
