#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer (issue 16).
#   tests/sanitize/run.sh [ctest arguments]      e.g.  -L core   or   -R tst_loaders
# Builds core, the CLI, the plugins and every test (the GUI's too, offscreen) in build-asan with
# -fsanitize=address,undefined at -O1, then runs CTest there: any sanitizer report, leak included,
# fails its test. Our code is instrumented; LibTorch, Qt and the system libraries are not (their
# memory is still checked where our code touches it). tests/sanitize/lsan.supp names each
# third-party frame whose leaks are hidden, and why. Environment: BUILD_DIR_ASAN (build-asan),
# RECSCOPE_WITH_GUI (ON; OFF leaves out the workbench and its tests).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
build=${BUILD_DIR_ASAN:-build-asan}
torch_prefix=$(.venv/bin/python -c "import torch; print(torch.utils.cmake_prefix_path)")
mkdir -p "$build"
log=$build/build.log
name=sanitize
source tests/sanitize/common.sh
# -g1: line tables for the reports' stacks at a fraction of full debug info's compile time.
if ! cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_PREFIX_PATH="$torch_prefix" -DRECSCOPE_SANITIZE=ON -DRECSCOPE_PACKAGE=OFF \
    -DRECSCOPE_WITH_GUI="${RECSCOPE_WITH_GUI:-ON}" >"$log" 2>&1; then
    tail -20 "$log"
    echo "$name: configuring failed (log: $log)" >&2
    exit 1
fi
sanitize_build
sanitize_environment "$build/bin/recscope-cli" --version
export QT_QPA_PLATFORM=offscreen
export RECSCOPE_TIMING_SLOWDOWN=3 # the workbench's responsiveness bounds, for instrumented code
# full_disk mounts a tmpfs (root only); the rest run as in the normal suite (no package: a .deb
# of a sanitized build is not one to ship).
cd "$build"
ctest --output-on-failure -j "$(nproc)" -E '^full_disk$' "$@"
