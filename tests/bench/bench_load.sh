#!/usr/bin/env bash
# Load-time and peak-memory benchmark: writes an ML-10M-style ratings.dat with N rows
# (default 10M; 70k users, 10k items, Zipf-like items) and times `recscope-cli dataset inspect`.
# Usage: tests/bench/bench_load.sh [BUILD_DIR] [ROWS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
rows=${2:-10000000}
dir="$root/bench-data/ml-bench-$rows"
if [ ! -f "$dir/ratings.dat" ]; then
    mkdir -p "$dir"
    # The generator needs NumPy, which the torch wheel does not pull in.
    "$root/.venv/bin/python" -c "import numpy" 2>/dev/null || "$root/.venv/bin/pip" install -q numpy
    "$root/.venv/bin/python" - "$dir/ratings.dat" "$rows" <<'PY'
import sys, numpy as np
path, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
users = rng.integers(1, 70001, n)
items = np.minimum(rng.zipf(1.3, n), 10000)
ratings = rng.integers(1, 6, n)
ts = 1_000_000_000 + rng.integers(0, 300_000_000, n)
with open(path, "w") as f:
    for s in range(0, n, 1_000_000):
        e = min(n, s + 1_000_000)
        f.write("".join(f"{u}::{i}::{r}::{t}\n" for u, i, r, t in zip(users[s:e], items[s:e], ratings[s:e], ts[s:e])))
PY
fi
/usr/bin/time -v "$build/bin/recscope-cli" dataset inspect "$dir" 2> "$dir/time.txt" | head -4
grep -E "Elapsed|Maximum resident" "$dir/time.txt"
