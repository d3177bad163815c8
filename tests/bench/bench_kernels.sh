#!/usr/bin/env bash
# The fused kernels against their unfused LibTorch references (README, "Kernels"): HSTU attention
# forward + backward at N = 256, 1024, 4096 (d_qk = d_v = 64, 2 heads, 8192 rows: B = 8192 / N)
# and the masked full-ranking top-K at 100,000 and 1,000,000 items (d 64, K 10, users in batches
# of 256, 50 masked items each), each case in its own process: median time, peak memory the step
# adds, speed-up; then the machine's fp32 GEMM rate, which the top-K's own rate is compared with.
# Usage: tests/bench/bench_kernels.sh [BUILD_DIR]
set -euo pipefail
bin=${1:-build}/bin/bench_kernels
jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)
[ -n "$jemalloc" ] && export LD_PRELOAD="$jemalloc" MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1}
export BENCH_CPU=1 # this table is the CPU's; tests/gpu/check.sh makes the GPU's
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) threads"
field() { sed -n "s|.*$1.*|\1|p"; }
gemm=$("$bin" gemm | field ' \([0-9.]*\) GFLOP/s')
echo
echo "| kernel | case | fused s | unfused s | speed-up | fused peak MiB | unfused peak MiB |"
echo "|---|---|---|---|---|---|---|"
for items in 100000 1000000; do
    users=$((items >= 1000000 ? 1024 : 4096))
    f=$("$bin" topk fused $items $users 64 10 3)
    r=$("$bin" topk reference $items $users 64 10 3)
    fs=$(field ': \([0-9.]*\) s' <<<"$f"); rs=$(field ': \([0-9.]*\) s' <<<"$r")
    rate=$(field ' \([0-9.]*\) GFLOP/s' <<<"$f")
    echo "| masked top-K | $items items, $users users | $fs | $rs | $(python3 -c "print(f'{$rs / $fs:.2f}x')") | $(field 'peak +\([0-9]*\)' <<<"$f") | $(field 'peak +\([0-9]*\)' <<<"$r") |"
    echo "|  | its product at $rate GFLOP/s = $(python3 -c "print(f'{100 * $rate / $gemm:.0f}')")% of the GEMM rate | | | | | |"
done
for n in 256 1024 4096; do
    b=$((8192 / n))
    f=$("$bin" attention fused $n $b 2 64 5)
    r=$("$bin" attention reference $n $b 2 64 5)
    fs=$(field ': \([0-9.]*\) s' <<<"$f"); rs=$(field ': \([0-9.]*\) s' <<<"$r")
    echo "| HSTU attention fwd+bwd | N=$n B=$b | $fs | $rs | $(python3 -c "print(f'{$rs / $fs:.2f}x')") | $(field 'peak +\([0-9]*\)' <<<"$f") | $(field 'peak +\([0-9]*\)' <<<"$r") |"
done
echo
echo "fp32 GEMM (2048³, LibTorch): $gemm GFLOP/s"
