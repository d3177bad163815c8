#!/usr/bin/env bash
# The README's fuzzing figures: every parser target for a million executions (ASan + UBSan,
# libFuzzer), with the machine it ran on.   tests/bench/bench_fuzz.sh [runs, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(clang++ --version | head -1)"
tests/fuzz/run.sh --runs "${1:-1000000}"
