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

/// Fused against reference on the device: forward and gradients (fp32 within 1e-5; bf16 within
/// 2e-2 relative on CUDA), and the top-K lists. For machines without Qt Test (tests/gpu/check.sh);
/// tst_kernels and tst_kernels_cuda check the same under CTest.
int check(torch::Device dev)
{
    int failures = 0;
    auto report = [&](const std::string &what, double diff, double tol) {
        const bool ok = diff <= tol;
        failures += ok ? 0 : 1;
        std::printf("%-4s %-48s max |difference| %.3g (tolerance %.3g)\n",
                    ok ? "PASS" : "FAIL",
                    what.c_str(),
                    diff,
                    tol);
    };
    std::vector<torch::Dtype> types{torch::kFloat32};
    if (dev.is_cuda())
        types.push_back(torch::kBFloat16);
    for (auto dtype : types)
        for (bool targets : {false, true}) {
            torch::manual_seed(7);
            const std::vector<std::int64_t> lengths{0, 1, 5, 70, 0, 131, 2, 300};
            std::vector<std::int64_t> offsets{0}, counts;
            for (auto n : lengths)
                offsets.push_back(offsets.back() + n), counts.push_back(n / 3);
            const auto rows = offsets.back();
            auto leaf = [&](torch::Tensor t, torch::Dtype type) {
                return t.to(dev, type).set_requires_grad(true);
            };
            HstuAttentionInputs in;
            in.q = leaf(torch::randn({rows, 2, 32}) * 0.7, dtype);
            in.k = leaf(torch::randn({rows, 2, 32}) * 0.7, dtype);
            in.v = leaf(torch::randn({rows, 2, 48}), dtype);
            in.offsets = torch::tensor(offsets, torch::kLong).to(dev);
            auto times = torch::randint(0, 100'000'000, {rows}, torch::kLong);
            in.times = times.to(dev);
            in.nextTimes
                = (times + torch::randint(-1000, 50'000'000, {rows}, torch::kLong)).to(dev);
            in.positionBias = leaf(torch::randn({2 * 303 - 1}) * 0.3, torch::kFloat32);
            in.timeBias = leaf(torch::randn({129}) * 0.3, torch::kFloat32);
            if (targets)
                in.numTargets = torch::tensor(counts, torch::kLong).to(dev);
            in.alpha = 0.8, in.divisor = 303;
            auto weights = torch::randn({rows, 2, 48}).to(dev, dtype);
            std::vector<std::vector<torch::Tensor>> results;
            for (bool fused : {true, false}) {
                for (auto *t : {&in.q, &in.k, &in.v, &in.positionBias, &in.timeBias})
                    *t = t->detach().requires_grad_();
                auto out = fused ? hstuAttention(in) : hstuAttentionReference(in);
                (out * weights).sum().backward();
                results.push_back({out,
                                   in.q.grad(),
                                   in.k.grad(),
                                   in.v.grad(),
                                   in.positionBias.grad(),
                                   in.timeBias.grad()});
            }
            const char *names[] = {"output", "dq", "dk", "dv", "d position bias", "d time bias"};
            const double tol = dtype == torch::kFloat32 ? 1e-5 : 2e-2;
            for (std::size_t i = 0; i < results[0].size(); ++i) {
                auto a = results[0][i].to(torch::kCPU, torch::kFloat32),
                     b = results[1][i].to(torch::kCPU, torch::kFloat32);
                const double scale = std::max(1.0, b.abs().max().item<double>());
                report(std::string("attention ") + (dtype == torch::kFloat32 ? "fp32" : "bf16")
                           + (targets ? " + targets " : " ") + names[i],
                       (a - b).abs().max().item<double>() / scale,
                       tol);
            }
        }
    torch::manual_seed(5);
    auto users = torch::randn({37, 16}).to(dev), items = torch::randn({5000, 16}).to(dev);
    auto offsets = torch::arange(0, 37 * 3 + 1, 3, torch::kLong).to(dev);
    auto masked
        = std::get<0>((torch::arange(0, 37 * 3, torch::kLong) * 41 % 5000).view({37, 3}).sort(1))
              .reshape(-1)
              .to(dev);
    const auto fused = maskedTopK(users, items, offsets, masked, 10, 1024);
    const auto ref = maskedTopKReference(users, items, offsets, masked, 10);
    report("top-K lists", torch::equal(fused.items.cpu(), ref.items.cpu()) ? 0.0 : 1.0, 0.0);
    std::printf("%s: %d failure(s)\n", dev.is_cuda() ? "cuda" : "cpu", failures);
    return failures ? 1 : 0;
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
    if (!a.empty() && a[0] == "check")
        return check(dev);
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
