#!/usr/bin/env bash
# Long-sequence CTR models on the synthetic dataset (3,000 users, up to 200 behaviours per
# sample): AUC, GAUC, LogLoss, the search check against planted relevance and DARE's search cost
# at three attention sizes. Usage: tests/bench/bench_ctr.sh [BUILD_DIR] [DEVICE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
device=${2:-cpu}
out=$(mktemp -d)
sed "s/\"device\": \"auto\"/\"device\": \"$device\"/" "$root/tests/bench/ctr_synthetic.json" > "$out/ctr.json"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$build/bin/recscope-cli" run "$out/ctr.json" --db "$out/ctr.db" --quiet
