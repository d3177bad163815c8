#!/usr/bin/env bash
# RecSAE at scale: trains SASRec on a 30,000-user synthetic set, then probes it at every position
# of every training sequence (about 1.1M hidden states streamed to disk) and prints the probe's
# time, peak memory and the planted genres and transitions it names.
# Usage: tests/bench/bench_sae.sh [BUILD_DIR] [PREFIXES_PER_USER] [EPOCHS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
prefixes=${2:-1000}
epochs=${3:-5}
out=$(mktemp -d)
sed 's/"device": "auto"/"device": "cpu"/' "$root/tests/bench/sae_probe.json" > "$out/spec.json"
/usr/bin/time -f "model: wall %e s, peak RSS %M kB" "$build/bin/recscope-cli" run "$out/spec.json" --db "$out/p.db" \
    --checkpoints "$out/ckpt" --quiet
/usr/bin/time -f "probe: wall %e s, peak RSS %M kB" "$build/bin/recscope-cli" sae 1 --db "$out/p.db" --prefixes "$prefixes" \
    --epochs "$epochs" --quiet
