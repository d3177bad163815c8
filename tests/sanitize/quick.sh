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
torch_prefix=$(.venv/bin/python -c "import torch; print(torch.utils.cmake_prefix_path)")
mkdir -p "$build"
log=$build/build.log
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
if [ ! -f "$build/build.ninja" ] && ! cmake -S tests/sanitize -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$torch_prefix" >"$log" 2>&1; then
    tail -20 "$log"
    echo "sanitize (quick): configuring failed (log: $log)" >&2
    exit 1
fi
start=$(date +%s)
if ! cmake --build "$build" -j "$(nproc)" >"$log" 2>&1; then
    grep -E "error|FAILED" "$log" | head -20
    echo "sanitize (quick): the build failed (log: $log)" >&2
    exit 1
fi
echo "sanitize (quick): built in $(($(date +%s) - start)) s"
unset LD_PRELOAD # jemalloc and ASan's allocator cannot both own malloc
leaks=1
probe=$(ASAN_OPTIONS=detect_leaks=1 "$build/tst_statistics" initTestCase 2>&1 || true)
if grep -q "LeakSanitizer has encountered a fatal error" <<<"$probe"; then
    echo "sanitize (quick): LeakSanitizer cannot run here (no ptrace?); leak checks are off" >&2
    leaks=0
fi
export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
cd "$build"
ctest --output-on-failure -j "$(nproc)" "$@"
