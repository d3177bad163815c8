#!/usr/bin/env bash
# The GPU check (README, "GPU"): on a machine with an NVIDIA GPU and a CUDA PyTorch, in under
# 8 minutes: builds the engine, the CLI and the CUDA kernels without Qt against that PyTorch,
# checks the kernels against the LibTorch references on the GPU (fp32 and bf16), benchmarks them,
# trains SASRec and HSTU on the sample project on the GPU, and prints one summary table.
# A machine without Qt Test runs the parity check through bench_kernels (the same checks as the
# gpu-labelled CTest suite tst_kernels_cuda, which `ctest -L gpu` runs where Qt Test exists).
# Usage: tests/gpu/check.sh [BUILD_DIR]   (PYTHON: the python with the CUDA torch; OUT: a folder
# that receives summary.txt)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${1:-build-gpu}
py=${PYTHON:-python3}
out=${OUT:-$build}
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
note() { echo "$*" | tee -a "$summary"; }
started=$(date +%s)

prefix=$($py -c "import torch; print(torch.utils.cmake_prefix_path)") || { echo "no torch in $py"; exit 1; }
cuda=$($py -c "import torch; print(torch.version.cuda or '')")
gpu=$($py -c "import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')")
[ -n "$cuda" ] && [ -n "$gpu" ] || { echo "check.sh: needs a CUDA build of torch and a visible GPU"; exit 1; }
note "GPU: $gpu; torch $($py -c 'import torch; print(torch.__version__)'); nvcc $(nvcc --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')"

deps=()
if [ ! -f /usr/include/sqlite3.h ] && [ -d .gpu-deps ]; then
    deps+=(-DSQLite3_INCLUDE_DIR="$root/.gpu-deps/include" -DSQLite3_LIBRARY="$root/.gpu-deps/lib/libsqlite3.so")
    export LD_LIBRARY_PATH="$root/.gpu-deps/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
if [ ! -d /usr/include/nlohmann ] && [ -d .gpu-deps ]; then
    deps+=(-Dnlohmann_json_DIR="$root/.gpu-deps/share/cmake/nlohmann_json" -DCMAKE_CXX_FLAGS="-isystem $root/.gpu-deps/include")
fi
arch=$($py -c "import torch; m, n = torch.cuda.get_device_capability(0); print(f'{m}.{n}')")
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    -DRECSCOPE_WITH_GUI=OFF -DRECSCOPE_BUILD_TESTS=OFF -DRECSCOPE_BUILD_PLUGINS=OFF -DRECSCOPE_PACKAGE=OFF \
    -DRECSCOPE_WITH_PDF=OFF -DRECSCOPE_WITH_CUDA=ON -DTORCH_CUDA_ARCH_LIST="$arch" "${deps[@]}" > "$out/configure.log" 2>&1 \
    || { tail -30 "$out/configure.log"; note "configure: FAILED"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target recscope-cli bench_kernels recscope_cuda > "$out/build.log" 2>&1 \
    || { grep -m20 -B2 -A6 "error" "$out/build.log"; note "build: FAILED"; exit 1; }
note "build: ok ($(( $(date +%s) - started )) s)"

status=0
"$build/bin/bench_kernels" check | tee "$out/parity.txt" || status=1
note "parity on the GPU: $(tail -1 "$out/parity.txt")"

note ""
note "| kernel | case | fused s | reference s | speed-up | fused peak MiB | reference peak MiB |"
note "|---|---|---|---|---|---|---|"
for dtype in fp32 bf16; do
    for n in 1024 4096 8192; do
        b=$(( n >= 4096 ? 4 : 16 ))
        f=$(BENCH_DTYPE=$dtype "$build/bin/bench_kernels" attention fused $n $b 2 64 5)
        r=$(BENCH_DTYPE=$dtype timeout 120 "$build/bin/bench_kernels" attention reference $n $b 2 64 5 || echo "reference: - s, peak +- MiB")
        fs=$(sed -n 's/.*: \([0-9.]*\) s.*/\1/p' <<<"$f"); rs=$(sed -n 's/.*: \([0-9.]*\) s.*/\1/p' <<<"$r")
        fm=$(sed -n 's/.*peak +\([0-9-]*\) MiB.*/\1/p' <<<"$f"); rm=$(sed -n 's/.*peak +\([0-9-]*\) MiB.*/\1/p' <<<"$r")
        sp=$($py -c "print(f'{float(\"$rs\") / float(\"$fs\"):.1f}x')" 2>/dev/null || echo -)
        note "| HSTU attention fwd+bwd | $dtype N=$n B=$b H=2 d=64 | $fs | $rs | $sp | $fm | $rm |"
    done
done
for items in 100000 1000000; do
    f=$("$build/bin/bench_kernels" topk fused $items 8192 64 10 3); r=$("$build/bin/bench_kernels" topk reference $items 8192 64 10 3)
    fs=$(sed -n 's/.*: \([0-9.]*\) s.*/\1/p' <<<"$f"); rs=$(sed -n 's/.*: \([0-9.]*\) s.*/\1/p' <<<"$r")
    sp=$($py -c "print(f'{float(\"$rs\") / float(\"$fs\"):.1f}x')" 2>/dev/null || echo -)
    note "| masked top-K | $items items, 8192 users, d 64, K 10 | $fs | $rs | $sp | | |"
done
note "$("$build/bin/bench_kernels" gemm)"

note ""
db="$out/gpu.db"; rm -f "$db"
"$build/bin/recscope-cli" run tests/gpu/gpu_train.json --db "$db" > "$out/train.txt" 2>&1 || { tail -20 "$out/train.txt"; status=1; }
tail -6 "$out/train.txt" | tee -a "$summary"
$py - "$db" <<'PY' | tee -a "$summary"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print("| model | epochs | s per epoch | test NDCG@10 |\n|---|---|---|---|")
for rid, model, epochs, secs in con.execute("SELECT id, model, epochs, train_seconds FROM runs ORDER BY id"):
    ndcg = con.execute("SELECT value FROM final_metrics WHERE run_id = ? AND phase = 'test' AND name = 'NDCG@10'", (rid,)).fetchone()
    print(f"| {model} | {epochs} | {secs / max(epochs, 1):.2f} | {ndcg[0] if ndcg else '-'} |")
PY
note ""
note "total $(( $(date +%s) - started )) s; status $status"
exit $status
