#!/usr/bin/env bash
# The cold build a newcomer waits for after set-up: a fresh tree configured as
# `packaging/recscope.sh` configures it, everything compiled (core, CLI, workbench, plugins,
# tests) with ccache off and `-j $(nproc)`. Prints the machine, the configure and build times, the
# number of steps and the slowest ones (from ninja's log).
# usage: tests/bench/bench_cold_build.sh [DIR]   (DIR default /tmp/recscope-cold, removed first;
#        RECSCOPE_WITH_GUI=OFF for the engine alone)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=${1:-/tmp/recscope-cold}
rm -rf "$out"
torch_prefix=$(.venv/bin/python -c "import torch; print(torch.utils.cmake_prefix_path)")
export CCACHE_DISABLE=1
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; workbench ${RECSCOPE_WITH_GUI:-ON}"
start=$(date +%s)
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$torch_prefix" \
    -DRECSCOPE_WITH_GUI="${RECSCOPE_WITH_GUI:-ON}" >"$out.configure.log" 2>&1
configured=$(date +%s)
cmake --build "$out" -j "$(nproc)" >"$out.build.log" 2>&1
built=$(date +%s)
steps=$(sed -n 's/^\[[0-9]*\/\([0-9]*\)\].*/\1/p' "$out.build.log" | tail -1)
echo "configure: $((configured - start)) s"
echo "build: $steps steps in $(((built - configured) / 60)) min $(((built - configured) % 60)) s (-j $(nproc))"
echo "slowest steps (s, while $(nproc) ran side by side):"
awk -F'\t' '!/^#/ { printf "%7.1f %s\n", ($2 - $1) / 1000, $4 }' "$out/.ninja_log" | sort -rn | sed -n 1,12p
