#!/usr/bin/env bash
# The sanitizer stage's CI lane: the core's LibTorch-free sources (every input reader, preparation,
# splits, statistics, the project store) and their suites under AddressSanitizer +
# UndefinedBehaviorSanitizer (tests/sanitize/CMakeLists.txt). Any report, leak included, fails.
# The whole suite under both (tests/sanitize/run.sh) takes most of an hour on two cores; this
# takes minutes. Environment: BUILD_DIR_ASAN_QUICK (default build-asan-quick).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
build=${BUILD_DIR_ASAN_QUICK:-build-asan-quick}
torch_dir=$(.venv/bin/python -c "import torch, os; print(os.path.dirname(torch.__file__))")
mkdir -p "$build"
log=$build/build.log
name="sanitize (quick)"
source tests/sanitize/common.sh
if [ ! -f "$build/build.ninja" ] && ! cmake -S tests/sanitize -B "$build" -G Ninja -DRECSCOPE_TORCH_DIR="$torch_dir" >"$log" 2>&1; then
    tail -20 "$log"
    echo "$name: configuring failed (log: $log)" >&2
    exit 1
fi
sanitize_build
sanitize_environment "$build/tst_statistics" -functions
cd "$build"
ctest --output-on-failure -j "$(nproc)" "$@"
