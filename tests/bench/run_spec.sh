#!/usr/bin/env bash
# Runs a benchmark spec from tests/bench on DEVICE with a scratch database, timed.
# Usage: tests/bench/run_spec.sh SPEC.json [BUILD_DIR] [DEVICE]   (BENCH_DB=FILE keeps the database there)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
spec=$1
build=${2:-$root/build}
device=${3:-cpu}
out=$(mktemp -d)
sed "s/\"device\": \"auto\"/\"device\": \"$device\"/" "$spec" > "$out/spec.json"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$build/bin/recscope-cli" run "$out/spec.json" --db "${BENCH_DB:-$out/runs.db}" --quiet
