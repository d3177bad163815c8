#!/usr/bin/env bash
# The two set-up commands of the README:
#   packaging/recscope.sh launch   set up, build, and run the sample project (projects/quickstart.json)
#   packaging/recscope.sh test     set up, build, and run every test through CTest
#   packaging/recscope.sh package  set up, build, and make the .deb (build/package/recscope_*.deb)
#   packaging/recscope.sh build    set up and build
# Options through the environment: BUILD_DIR (default build), RECSCOPE_WITH_GUI (ON), CMAKE_ARGS,
# RECSCOPE_FUZZ_SECONDS (seconds per fuzz target in `test`, default 15; 0 skips the stage),
# RECSCOPE_SANITIZE_STAGE (1: `test` ends with the sanitizer lane, tests/sanitize/quick.sh; 0 skips it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=${1:-launch}
case "$mode" in launch | test | build | package) ;; *) echo "usage: $0 launch|test|build|package" >&2; exit 2 ;; esac

bash packaging/setup-deps.sh

build=${BUILD_DIR:-build}
case "${RECSCOPE_WITH_GUI:-ON}" in ON | on | 1 | TRUE | true | YES | yes) gui=ON ;; *) gui=OFF ;; esac
torch_prefix=$(.venv/bin/python -c "import torch; print(torch.utils.cmake_prefix_path)")
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
configure() { # $1: ON or OFF, the workbench (Qt Widgets) with the engine or the engine alone
    if [ ! -f "$build/build.ninja" ]; then
        cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_PREFIX_PATH="$torch_prefix" -DRECSCOPE_WITH_GUI="$1" ${CMAKE_ARGS:-}
    elif [ "$(sed -n 's/^RECSCOPE_WITH_GUI:BOOL=//p' "$build/CMakeCache.txt")" != "$1" ]; then
        cmake "$build" -DRECSCOPE_WITH_GUI="$1" >/dev/null
    fi
}
engine_first=0
if [ "$mode" = test ] && [ "$gui" = ON ]; then
    # The engine alone first, as GPU servers build it (no Qt Widgets): core, the CLI and their
    # tests below. The workbench is then added to the same tree, reusing the core's objects.
    configure OFF
    cmake --build "$build" -j "$(nproc)"
    engine_first=1
else
    configure "$gui"
    cmake --build "$build" -j "$(nproc)"
fi

# jemalloc avoids glibc malloc's page-fault storm in tensor-heavy loops (README, Benchmarks).
jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)
[ -n "$jemalloc" ] && export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
# ...but only if it keeps freed pages: its default decay hands them back to the kernel and
# LightGCN's per-batch full-graph buffers then fault in again (43 s vs 19 s per 1M-row epoch).
export MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1}

case "$mode" in
launch)
    # The workbench on the sample project; without a display (CI, ssh) run it headless instead.
    if [ "$gui" = ON ] && { [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "${QT_QPA_PLATFORM:-}" = offscreen ]; }; then
        exec "$build/bin/recscope" projects/quickstart.json --db "$build/quickstart.db"
    fi
    echo "no display (or no workbench built): running the sample project with recscope-cli" >&2
    exec "$build/bin/recscope-cli" run projects/quickstart.json --db "$build/quickstart.db" ;;
test)
    (cd "$build" && ctest --output-on-failure -j "$(nproc)")
    if [ "$engine_first" = 1 ]; then # now the workbench and the tests that need it
        ran=$(cd "$build" && ctest -N | sed -n 's/^ *Test *#[0-9]*: //p' | paste -sd'|')
        (unset LD_PRELOAD MALLOC_CONF; configure ON && cmake --build "$build" -j "$(nproc)") # build without jemalloc
        (cd "$build" && ctest --output-on-failure -j "$(nproc)" -E "^(${ran})\$")
    fi
    # Every parser under libFuzzer with ASan + UBSan for a short budget, starting from the inputs
    # that once failed (tests/data/fuzz): a regression fails here (README, Reliability).
    [ "${RECSCOPE_FUZZ_SECONDS:-15}" = 0 ] || tests/fuzz/run.sh --seconds "${RECSCOPE_FUZZ_SECONDS:-15}"
    # The LibTorch-free core (input readers, preparation, splits, the store) and its suites under
    # ASan + UBSan; tests/sanitize/run.sh runs the whole suite so (README, Reliability).
    [ "${RECSCOPE_SANITIZE_STAGE:-1}" = 0 ] || tests/sanitize/quick.sh ;;
package)
    cd "$build" && cpack -G DEB && ls -l package/*.deb ;;
esac
