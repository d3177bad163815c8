#!/usr/bin/env bash
# Workbench responsiveness with a large project: 10M interactions (the ML-10M-style file that
# bench_load.sh writes) and 100 runs of 100 epochs. Prints the longest event-loop gap.
# Usage: tests/bench/bench_open_project.sh [BUILD_DIR] [ROWS] [RUNS] [EPOCHS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
rows=${2:-10000000}
bash "$root/tests/bench/bench_load.sh" "$build" "$rows" > /dev/null
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} /usr/bin/time -f "peak RSS %M kB, %e s" \
    "$build/bin/bench_open_project" "$root/bench-data/ml-bench-$rows" "${3:-100}" "${4:-100}"
