// SPDX-License-Identifier: MIT
// One kernel measurement per process (so that the peak memory is this case's own):
//   bench_kernels attention fused|reference N BATCH HEADS D [REPS]
//   bench_kernels topk fused|reference|gemm ITEMS USERS D K [REPS]
// Prints one line: case, median seconds, peak RSS growth over the inputs in MiB, and for top-K the
// GFLOP/s of the users × items product it includes. tests/bench/bench_kernels.sh makes the table.
#include "kernels/hstu_attention.h"
#include "kernels/masked_topk.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/resource.h>

using namespace recscope::core::detail;

namespace {

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

template<typename Fn>
double medianSeconds(int reps, Fn &&fn)
{
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        if (torch::cuda::is_available())
            torch::cuda::synchronize();
        t.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

int attention(bool fused,
              std::int64_t n,
              std::int64_t batch,
              std::int64_t heads,
              std::int64_t d,
              int reps,
              torch::Device dev,
              torch::Dtype dtype)
{
    torch::manual_seed(1);
    const auto rows = n * batch;
    auto opts = torch::TensorOptions().device(dev).dtype(dtype);
    HstuAttentionInputs in;
    in.q = (torch::randn({rows, heads, d}, opts) * 0.3).requires_grad_();
    in.k = (torch::randn({rows, heads, d}, opts) * 0.3).requires_grad_();
    in.v = torch::randn({rows, heads, d}, opts).requires_grad_();
    in.offsets
        = torch::arange(0, rows + 1, n, torch::TensorOptions().dtype(torch::kLong).device(dev));
    in.times = std::get<0>(torch::randint(0,
                                          1'000'000'000,
                                          {rows},
                                          torch::TensorOptions().dtype(torch::kLong).device(dev))
                               .sort());
    in.nextTimes = in.times + 3600;
    in.positionBias
        = (torch::randn({2 * n - 1}, torch::TensorOptions().device(dev)) * 0.02).requires_grad_();
    in.timeBias = (torch::randn({129}, torch::TensorOptions().device(dev)) * 0.02).requires_grad_();
    in.divisor = double(n);
    auto grad = torch::randn({rows, heads, d}, opts);
    auto step = [&] {
        auto out = fused ? hstuAttention(in) : hstuAttentionReference(in);
        out.backward(grad);
    };
    const double before = peakRssMiB(); // the inputs are in; what the step adds is the figure
    step();                             // warm-up: kernels loaded, buffers allocated once
    const double s = medianSeconds(reps, step);
    std::printf("attention %s N=%ld B=%ld H=%ld d=%ld: %.4f s forward+backward, peak +%.0f MiB\n",
                fused ? "fused" : "reference",
                long(n),
                long(batch),
                long(heads),
                long(d),
                s,
                peakRssMiB() - before);
    return 0;
}

int topk(const std::string &mode,
         std::int64_t numItems,
         std::int64_t users,
         std::int64_t d,
         std::int64_t k,
         int reps,
         torch::Device dev)
{
    torch::manual_seed(1);
    auto opts = torch::TensorOptions().device(dev);
    auto items = torch::randn({numItems, d}, opts);
    const std::int64_t batch = 256; // the evaluator's default user batch
    auto u = torch::randn({users, d}, opts);
    // 50 known items per user, masked: one random item in each fiftieth of the catalogue.
    torch::Tensor masked;
    masked = (torch::randint(0, numItems / 50, {users, 1}, opts.dtype(torch::kLong))
              + torch::arange(0, 50, opts.dtype(torch::kLong)).view({1, 50}) * (numItems / 50));
    auto run = [&] {
        for (std::int64_t b = 0; b < users; b += batch) {
            const auto m = std::min(batch, users - b);
            auto ub = u.slice(0, b, b + m);
            auto mb = masked.slice(0, b, b + m).reshape(-1).contiguous();
            auto off = torch::arange(0, m * 50 + 1, 50, opts.dtype(torch::kLong));
            if (mode == "fused")
                maskedTopK(ub, items, off, mb, k);
            else if (mode == "reference")
                maskedTopKReference(ub, items, off, mb, k);
            else
                torch::mm(ub, items.t()); // the product alone, with its [users, items] output
        }
    };
    const double before = peakRssMiB();
    run();
    const double s = medianSeconds(reps, run);
    const double gflops = 2.0 * double(users) * double(numItems) * double(d) / s / 1e9;
    std::printf("topk %s items=%ld users=%ld d=%ld K=%ld: %.4f s, %.1f GFLOP/s, peak +%.0f MiB\n",
                mode.c_str(),
                long(numItems),
                long(users),
                long(d),
                long(k),
                s,
                gflops,
                peakRssMiB() - before);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> a(argv + 1, argv + argc);
    const auto dev = torch::cuda::is_available() && std::getenv("BENCH_CPU") == nullptr
                         ? torch::Device(torch::kCUDA)
                         : torch::Device(torch::kCPU);
    auto num = [&](std::size_t i, std::int64_t fallback) {
        return i < a.size() ? std::stoll(a[i]) : fallback;
    };
    if (a.size() >= 6 && a[0] == "attention") {
        const char *dt = std::getenv("BENCH_DTYPE");
        const auto dtype = dt && std::string(dt) == "bf16" ? torch::kBFloat16 : torch::kFloat32;
        return attention(a[1] == "fused",
                         num(2, 0),
                         num(3, 0),
                         num(4, 0),
                         num(5, 0),
                         int(num(6, 5)),
                         dev,
                         dtype);
    }
    if (!a.empty() && a[0] == "gemm") { // the machine's fp32 matrix-product rate: 2048³
        auto x = torch::randn({2048, 2048}, torch::TensorOptions().device(dev));
        const double s = medianSeconds(5, [&] { torch::mm(x, x); });
        std::printf("gemm 2048x2048x2048: %.4f s, %.1f GFLOP/s\n",
                    s,
                    2.0 * 2048 * 2048 * 2048 / s / 1e9);
        return 0;
    }
    if (a.size() >= 6 && a[0] == "topk")
        return topk(a[1], num(2, 0), num(3, 0), num(4, 0), num(5, 0), int(num(6, 3)), dev);
    std::fprintf(stderr,
                 "usage: bench_kernels attention fused|reference N BATCH HEADS D [REPS]\n"
                 "       bench_kernels topk fused|reference|gemm ITEMS USERS D K [REPS]\n");
    return 2;
}
