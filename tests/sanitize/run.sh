#!/usr/bin/env bash
# The engine, the CLI and their tests under AddressSanitizer + UndefinedBehaviorSanitizer:
#   tests/sanitize/run.sh [ctest args...]     (default: every test but the GUI's; BUILD_DIR_ASAN=build-asan)
# Builds without Qt Widgets (the GUI tests need an instrumented Qt to say anything), in unity
# mode to keep the build short, then runs CTest with the sanitizers' reports fatal. LibTorch is
# not instrumented; lsan.supp lists what is suppressed in it and why.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
build=${BUILD_DIR_ASAN:-build-asan}
torch_prefix=$(.venv/bin/python -c "import torch; print(torch.utils.cmake_prefix_path)")
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$torch_prefix" \
        -DRECSCOPE_WITH_GUI=OFF -DRECSCOPE_UNITY=ON -DRECSCOPE_PACKAGE=OFF -DRECSCOPE_WITH_CUDA=OFF \
        -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
        -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
# detect_odr_violation=0: LibTorch's and Qt's shared libraries each carry inline globals that ASan
# counts twice when several instrumented libraries load them; not a RecScope definition.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:detect_odr_violation=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset LD_PRELOAD # jemalloc and ASan's allocator cannot both replace malloc
cd "$build"
if (($#)); then ctest --output-on-failure "$@"; else ctest --output-on-failure -j "$(nproc)" -LE GUI -E package_deb; fi
