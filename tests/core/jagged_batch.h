// SPDX-License-Identifier: MIT
#pragma once
// Random jagged attention batches and tolerant tensor comparison for the kernel tests
// (tst_kernels on the CPU, tst_kernels_cuda on a GPU).
#include "kernels/hstu_attention.h"

#include <QtTest/QtTest>

#include <torch/types.h>

#include <algorithm>
#include <vector>

namespace recscope::test {

using core::detail::HstuAttentionInputs;

inline double maxAbs(const torch::Tensor &t)
{
    return t.numel() ? t.abs().max().item<double>() : 0.0;
}

/// |a − b| ≤ tol · max(1, |b|) element-wise at the worst element, with a readable failure.
inline void
expectClose(const torch::Tensor &a, const torch::Tensor &b, double tol, const char *what)
{
    QCOMPARE(a.sizes().vec(), b.sizes().vec());
    const double diff = maxAbs(a - b), scale = std::max(1.0, maxAbs(b));
    if (diff > tol * scale)
        QFAIL(qPrintable(QStringLiteral("%1: max difference %2 > %3 (scale %4)")
                             .arg(what)
                             .arg(diff)
                             .arg(tol * scale)
                             .arg(scale)));
}

struct JaggedBatch
{
    HstuAttentionInputs in;
    torch::Tensor weights; ///< random output weights: loss = Σ out ⊙ weights
};

inline JaggedBatch randomBatch(const std::vector<std::int64_t> &lengths,
                               std::int64_t heads,
                               std::int64_t dqk,
                               std::int64_t dv,
                               bool bias,
                               bool targets,
                               std::uint64_t seed,
                               torch::Device device = torch::kCPU,
                               torch::Dtype dtype = torch::kFloat32)
{
    torch::manual_seed(seed);
    std::vector<std::int64_t> offsets{0}, counts;
    std::int64_t longest = 1;
    for (auto n : lengths) {
        offsets.push_back(offsets.back() + n);
        counts.push_back(n / 3); // the last third of each sequence are candidates
        longest = std::max(longest, n);
    }
    const auto rows = offsets.back();
    JaggedBatch b;
    // Drawn on the CPU (the same numbers on every device), then moved: leaves on the device.
    auto leaf = [&](torch::Tensor t, torch::Dtype type) {
        return t.to(device, type).set_requires_grad(true);
    };
    auto on = [&](torch::Tensor t) { return t.to(device); };
    b.in.q = leaf(torch::randn({rows, heads, dqk}) * 0.7, dtype);
    b.in.k = leaf(torch::randn({rows, heads, dqk}) * 0.7, dtype);
    b.in.v = leaf(torch::randn({rows, heads, dv}), dtype);
    b.in.offsets = on(torch::tensor(offsets, torch::kInt64));
    if (bias) {
        // Times a few seconds to a few years apart, out of order now and then.
        auto times = torch::randint(0, 100'000'000, {rows}, torch::kInt64);
        b.in.times = on(times);
        b.in.nextTimes = on(times + torch::randint(-1000, 50'000'000, {rows}, torch::kInt64));
        b.in.positionBias = leaf(torch::randn({2 * (longest + 3) - 1}) * 0.3, torch::kFloat32);
        b.in.timeBias = leaf(torch::randn({129}) * 0.3, torch::kFloat32);
    }
    if (targets)
        b.in.numTargets = on(torch::tensor(counts, torch::kInt64));
    b.in.alpha = 0.8;
    b.in.divisor = double(longest + 3);
    b.weights = on(torch::randn({rows, heads, dv})).to(dtype);
    return b;
}

/// Output and the gradients of q, k, v and the two bias tables (undefined where absent).
inline std::vector<torch::Tensor> outputAndGradients(const JaggedBatch &b, bool fused)
{
    for (auto *t : {&b.in.q, &b.in.k, &b.in.v, &b.in.positionBias, &b.in.timeBias})
        if (t->defined() && t->grad().defined())
            const_cast<torch::Tensor &>(t->mutable_grad()).zero_();
    auto out
        = fused ? core::detail::hstuAttention(b.in) : core::detail::hstuAttentionReference(b.in);
    (out * b.weights).sum().backward();
    std::vector<torch::Tensor> r{out.detach()};
    for (const auto *t : {&b.in.q, &b.in.k, &b.in.v, &b.in.positionBias, &b.in.timeBias})
        r.push_back(t->defined() ? t->grad().clone() : torch::Tensor());
    return r;
}

} // namespace recscope::test
