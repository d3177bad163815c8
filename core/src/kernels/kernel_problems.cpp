// SPDX-License-Identifier: MIT
#include "kernels/kernel_problems.h"

#include "kernels/hstu_attention.h"
#include "kernels/masked_topk.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

namespace recscope::core::detail::kernels {

namespace {

using i64 = std::int64_t;
const std::set<i64> attentionTileSizes{16, 32, 64, 128};

/// "d<=64 n<=1024" → 64, 1024 (n 0 when the bucket has none).
std::pair<i64, i64> bucketBounds(const std::string &bucket)
{
    long d = 0, n = 0;
    if (std::sscanf(bucket.c_str(), "d_qk<=%ld n<=%ld", &d, &n) == 2
        || std::sscanf(bucket.c_str(), "d<=%ld", &d) == 1)
        return {d, n};
    throw std::invalid_argument("unknown kernel bucket \"" + bucket + "\"");
}

template<typename Fn>
double bestOfTwo(Fn &&fn, at::Device device)
{
    double best = 1e30;
    for (int run = 0; run < 3; ++run) { // the first run warms up and is not counted
        if (device.is_cuda())
            torch::cuda::synchronize();
        const auto start = std::chrono::steady_clock::now();
        fn();
        if (device.is_cuda())
            torch::cuda::synchronize();
        const double s
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (run > 0)
            best = std::min(best, s);
    }
    return best;
}

bool close(const at::Tensor &a, const at::Tensor &b, double tol)
{
    if (!a.defined() || !b.defined())
        return a.defined() == b.defined();
    const auto scale = std::max(1.0, b.abs().max().item<double>());
    return (a.to(torch::kFloat32) - b.to(torch::kFloat32)).abs().max().item<double>()
           <= tol * scale;
}

/// Random numbers from a generator of the tuner's own: tuning on first use, in the middle of a
/// training run, must not move the run's global random stream. Drawn on the CPU, then moved.
struct Draws
{
    at::Generator generator;
    at::Device device;
    Draws(std::uint64_t seed, at::Device dev)
        : generator(at::make_generator<at::CPUGeneratorImpl>(seed))
        , device(dev)
    {}
    at::Tensor normal(at::IntArrayRef size, double scale = 1.0)
    {
        return (at::randn(size, generator) * scale).to(device);
    }
    at::Tensor integers(i64 low, i64 high, at::IntArrayRef size)
    {
        return at::randint(low, high, size, generator, at::kLong).to(device);
    }
};

/// Random jagged attention inputs on the device; lengths in rows.
HstuAttentionInputs
attentionInputs(const std::vector<i64> &lengths, i64 d, at::Device device, std::uint64_t seed)
{
    Draws draw(seed, device);
    std::vector<i64> offsets{0};
    i64 longest = 1;
    for (auto n : lengths)
        offsets.push_back(offsets.back() + n), longest = std::max(longest, n);
    const i64 rows = offsets.back(), heads = 2;
    HstuAttentionInputs in;
    in.q = draw.normal({rows, heads, d}, 0.3).requires_grad_();
    in.k = draw.normal({rows, heads, d}, 0.3).requires_grad_();
    in.v = draw.normal({rows, heads, d}).requires_grad_();
    in.offsets = torch::tensor(offsets, torch::kLong).to(device);
    in.times = draw.integers(0, 1'000'000'000, {rows});
    in.nextTimes = in.times + 3600;
    in.positionBias = draw.normal({2 * longest - 1}, 0.05).requires_grad_();
    in.timeBias = draw.normal({129}, 0.05).requires_grad_();
    in.divisor = double(longest);
    return in;
}

std::vector<at::Tensor> attentionResults(HstuAttentionInputs in, bool fused)
{
    torch::AutoGradMode grad(true);
    for (auto *t : {&in.q, &in.k, &in.v, &in.positionBias, &in.timeBias})
        *t = t->detach().requires_grad_();
    auto out = fused ? hstuAttention(in) : hstuAttentionReference(in);
    out.sum().backward();
    return {out.detach(),
            in.q.grad(),
            in.k.grad(),
            in.v.grad(),
            in.positionBias.grad(),
            in.timeBias.grad()};
}

class AttentionProblem final : public KernelProblem
{
public:
    AttentionProblem(const std::string &bucket, at::Device device)
        : m_device(device)
    {
        auto [d, n] = bucketBounds(bucket);
        if (d < 1 || n < 1)
            throw std::invalid_argument("attention buckets read \"d_qk<=D n<=N\", not \"" + bucket
                                        + "\"");
        m_d = std::min<i64>(d, 256);            // wider buckets are timed at 256
        const i64 len = std::min<i64>(n, 4096); // longer buckets are timed at 4096
        m_lengths.assign(std::size_t(std::max<i64>(1, 4096 / len)), len);
        m_small = attentionInputs({0, 1, 37, 100, 150}, std::min<i64>(d, 64), device, 2);
        m_reference = attentionResults(m_small, false);
    }
    std::string defaultVariant() const override { return "64x64"; }
    std::vector<std::string> neighbours(const std::string &v) const override
    {
        std::vector<std::string> out;
        const auto [q, k] = *attentionVariant(v);
        for (auto [nq, nk] : {std::pair{q / 2, k}, {q * 2, k}, {q, k / 2}, {q, k * 2}})
            if (attentionTileSizes.count(nq) && attentionTileSizes.count(nk))
                out.push_back(std::to_string(nq) + "x" + std::to_string(nk));
        return out;
    }
    bool agreesWithReference(const std::string &v) override
    {
        auto in = m_small;
        std::tie(in.blockQueries, in.blockKeys) = *attentionVariant(v);
        const auto got = attentionResults(in, true);
        for (std::size_t i = 0; i < got.size(); ++i)
            if (!close(got[i], m_reference[i], 1e-4))
                return false;
        return true;
    }
    double seconds(const std::string &v) override
    {
        auto in = attentionInputs(m_lengths, m_d, m_device, 3);
        std::tie(in.blockQueries, in.blockKeys) = *attentionVariant(v);
        return bestOfTwo([&] { attentionResults(in, true); }, m_device);
    }
    double referenceSeconds() override
    {
        auto in = attentionInputs(m_lengths, m_d, m_device, 3);
        return bestOfTwo([&] { attentionResults(in, false); }, m_device);
    }

private:
    at::Device m_device;
    i64 m_d = 64;
    std::vector<i64> m_lengths;
    HstuAttentionInputs m_small;
    std::vector<at::Tensor> m_reference;
};

class TopKProblem final : public KernelProblem
{
public:
    TopKProblem(const std::string &bucket, at::Device device)
        : m_device(device)
    {
        const auto [d, n] = bucketBounds(bucket);
        if (d < 1 || n != 0)
            throw std::invalid_argument("top-K buckets read \"d<=D\", not \"" + bucket + "\"");
        // Sized for the bucket, at most 256 columns (wider buckets are timed at 256) and
        // 64M floats of items.
        const i64 width = std::min<i64>(d, 256);
        const i64 items
            = std::min<i64>(device.is_cuda() ? 1'000'000 : 100'000, (i64(1) << 26) / width);
        Draws draw(4, device);
        m_users = draw.normal({256, width});
        m_items = draw.normal({items, width});
        // 50 known items per user, one in each fiftieth of the catalogue.
        m_masked
            = (draw.integers(0, items / 50, {256, 1})
               + torch::arange(0, 50, torch::TensorOptions().dtype(torch::kLong).device(device))
                         .view({1, 50})
                     * (items / 50))
                  .reshape(-1);
        const auto f = torch::TensorOptions().device(device);
        m_offsets = torch::arange(0, 256 * 50 + 1, 50, f.dtype(torch::kLong));
        m_smallItems = m_items.slice(0, 0, 3000);
        m_smallMasked = torch::zeros({0}, f.dtype(torch::kLong));
        m_smallOffsets = torch::zeros({257}, f.dtype(torch::kLong));
        m_reference = maskedTopKReference(m_users, m_smallItems, m_smallOffsets, m_smallMasked, 10);
    }
    std::string defaultVariant() const override { return "4096"; }
    std::vector<std::string> neighbours(const std::string &v) const override
    {
        std::vector<std::string> out;
        const auto t = *topKVariant(v);
        for (auto n : {t / 2, t * 2})
            if (topKVariant(std::to_string(n)))
                out.push_back(std::to_string(n));
        return out;
    }
    bool agreesWithReference(const std::string &v) override
    {
        const auto got
            = maskedTopK(m_users, m_smallItems, m_smallOffsets, m_smallMasked, 10, *topKVariant(v));
        return torch::equal(got.items, m_reference.items);
    }
    double seconds(const std::string &v) override
    {
        return bestOfTwo(
            [&] { maskedTopK(m_users, m_items, m_offsets, m_masked, 10, *topKVariant(v)); },
            m_device);
    }
    double referenceSeconds() override
    {
        return bestOfTwo([&] { maskedTopKReference(m_users, m_items, m_offsets, m_masked, 10); },
                         m_device);
    }

private:
    at::Device m_device;
    at::Tensor m_users, m_items, m_masked, m_offsets, m_smallItems, m_smallMasked, m_smallOffsets;
    TopK m_reference;
};

} // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> attentionVariant(const std::string &v)
{
    long q = 0, k = 0;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%ldx%ld%c", &q, &k, &tail) != 2 || !attentionTileSizes.count(q)
        || !attentionTileSizes.count(k))
        return std::nullopt;
    return std::pair<std::int64_t, std::int64_t>{q, k};
}

std::optional<std::int64_t> topKVariant(const std::string &v)
{
    long t = 0;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%ld%c", &t, &tail) != 1 || t < 512 || t > 65536 || (t & (t - 1)))
        return std::nullopt;
    return t;
}

std::unique_ptr<KernelProblem> attentionProblem(const std::string &bucket, at::Device device)
{
    return std::make_unique<AttentionProblem>(bucket, device);
}

std::unique_ptr<KernelProblem> topKProblem(const std::string &bucket, at::Device device)
{
    return std::make_unique<TopKProblem>(bucket, device);
}

} // namespace recscope::core::detail::kernels
