#!/usr/bin/env bash
# HSTU vs SASRec on the same leave-one-out split and budget (100 epochs, early stopping on
# validation NDCG@10 with patience 10): test NDCG/Hit/MRR and training time.
# Usage: tests/bench/bench_hstu.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
device=${2:-cpu}
out=$(mktemp -d)
sed "s/\"device\": \"auto\"/\"device\": \"$device\"/" "$root/tests/bench/hstu_vs_sasrec.json" > "$out/spec.json"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$build/bin/recscope-cli" run "$out/spec.json" --db "$out/runs.db" --quiet
