// SPDX-License-Identifier: MIT
// CPU kernels of HSTU's pointwise attention (kernels/hstu_attention.h says what they compute).
// Loop structure of generative-recommenders' Triton kernel (ops/triton/triton_hstu_attention.py):
// a task per (sequence, query tile); keys are visited tile by tile inside the sequence only and
// only up to the diagonal; in a tile, s = α q·kᵀ + bias, a = SiLU(s)/N · mask and out += a·v, all
// in float32 — no L × L matrix, no padding work. Heads share a tile's bias (one table per layer).
// Backward recomputes s tile by tile (a task per (sequence, head)) instead of storing A.
#include "kernels/hstu_attention_cpu.h"

#include "kernels/cpu_math.h"
#include "kernels/cpu_tasks.h"
#include "kernels/time_buckets.h"

#include <ATen/Parallel.h>
#include <ATen/ops/zeros.h>
#include <ATen/ops/zeros_like.h>

#include <vector>

namespace recscope::core::detail::kernels {

namespace {

using i64 = std::int64_t;

struct Problem
{
    const float *q, *k, *v;
    const i64 *offsets, *times = nullptr, *nextTimes = nullptr, *numTargets = nullptr;
    const float *positionBias = nullptr, *timeBias = nullptr;
    i64 heads, dqk, dv, biasCentre = 0;
    float alpha, invDivisor;
    const TimeBucketTable *buckets;

    const float *qRow(i64 row, i64 h) const { return q + (row * heads + h) * dqk; }
    const float *kRow(i64 row, i64 h) const { return k + (row * heads + h) * dqk; }
    const float *vRow(i64 row, i64 h) const { return v + (row * heads + h) * dv; }
};

struct Sequence
{
    i64 start, len, history; ///< rows start .. start + len; positions ≥ history are candidates
};

Sequence sequenceOf(const Problem &p, i64 b)
{
    const i64 start = p.offsets[b], len = p.offsets[b + 1] - start;
    const i64 targets = p.numTargets ? std::clamp<i64>(p.numTargets[b], 0, len) : 0;
    return {start, len, len - targets};
}

Problem problemOf(const AttentionArgs &a)
{
    Problem p{a.q.data_ptr<float>(),
              a.k.data_ptr<float>(),
              a.v.data_ptr<float>(),
              a.offsets.data_ptr<i64>()};
    p.heads = a.q.size(1), p.dqk = a.q.size(2), p.dv = a.v.size(2);
    p.alpha = float(a.alpha), p.invDivisor = float(1.0 / a.divisor);
    if (a.times) {
        p.times = a.times->data_ptr<i64>(), p.nextTimes = a.nextTimes->data_ptr<i64>();
        p.timeBias = a.timeBias->data_ptr<float>();
    }
    if (a.positionBias) {
        p.positionBias = a.positionBias->data_ptr<float>();
        p.biasCentre = (a.positionBias->size(0) - 1) / 2;
    }
    if (a.numTargets)
        p.numTargets = a.numTargets->data_ptr<i64>();
    p.buckets = &timeBucketTable();
    return p;
}

/// Bias and mask of queries [i0, i0 + m) × keys [j0, j0 + n) of one sequence in rows of width bn
/// (columns n..bn are masked); bucket, when given, gets each kept pair's time bucket. Returns
/// whether any pair is kept. Mask: j = i, or j < i and j is history (pt_hstu_attention.py).
bool fillTile(const Problem &p,
              const Sequence &s,
              i64 i0,
              i64 m,
              i64 j0,
              i64 n,
              i64 bn,
              float *bias,
              float *keep,
              int *bucket)
{
    bool any = false;
    for (i64 r = 0; r < m; ++r) {
        const i64 i = i0 + r;
        for (i64 c = 0; c < bn; ++c) {
            const i64 j = j0 + c;
            const bool kept = c < n && (j == i || (j < i && j < s.history));
            float b = 0;
            if (kept) {
                if (p.positionBias)
                    b += p.positionBias[p.biasCentre + j - i];
                if (p.times) {
                    // Wrapping difference: no overflow on untrusted timestamps.
                    const auto delta = i64(std::uint64_t(p.nextTimes[s.start + i])
                                           - std::uint64_t(p.times[s.start + j]));
                    const int u = p.buckets->bucket(delta);
                    b += p.timeBias[u];
                    if (bucket)
                        bucket[r * bn + c] = u;
                }
            }
            bias[r * bn + c] = b;
            keep[r * bn + c] = kept ? 1.0f : 0.0f;
            any |= kept;
        }
    }
    return any;
}

/// s[r][0..BN) = bias[r] + α x_r · t[·][0..BN) for m rows x_r = x + r·xs of width d, with t a
/// transposed tile [d][BN]; a row's BN sums stay in registers.
template<int BN>
[[gnu::always_inline]] inline void rowsTimesTile(
    const float *x, i64 xs, i64 m, const float *t, i64 d, float alpha, const float *bias, float *s)
{
    for (i64 r = 0; r < m; ++r) {
        float acc[BN];
        for (int j = 0; j < BN; ++j)
            acc[j] = bias ? bias[r * BN + j] : 0.0f;
        const float *xr = x + r * xs;
        for (i64 c = 0; c < d; ++c) {
            const float a = alpha * xr[c];
            const float *tc = t + c * BN;
            for (int j = 0; j < BN; ++j)
                acc[j] += a * tc[j];
        }
        for (int j = 0; j < BN; ++j)
            s[r * BN + j] = acc[j];
    }
}

/// y[0..d) += Σ_j a[j·as] x_j for n rows x_j = x + j·xs, 32 columns at a time in registers.
[[gnu::always_inline]] inline void
accumulateRows(float *y, const float *a, i64 as, i64 n, const float *x, i64 xs, i64 d)
{
    i64 c0 = 0;
    for (; c0 + 32 <= d; c0 += 32) {
        float acc[32];
        for (int c = 0; c < 32; ++c)
            acc[c] = y[c0 + c];
        for (i64 j = 0; j < n; ++j) {
            const float aj = a[j * as];
            if (aj == 0.0f)
                continue;
            const float *xr = x + j * xs + c0;
            for (int c = 0; c < 32; ++c)
                acc[c] += aj * xr[c];
        }
        for (int c = 0; c < 32; ++c)
            y[c0 + c] = acc[c];
    }
    for (; c0 < d; ++c0) {
        float acc = y[c0];
        for (i64 j = 0; j < n; ++j)
            acc += a[j * as] * x[j * xs + c0];
        y[c0] = acc;
    }
}

/// Rows [j0, j0 + n) of head h of x (width d) as a transposed tile [d][BN], zero-padded.
void transposeTile(const float *x, i64 heads, i64 h, i64 d, i64 j0, i64 n, i64 bn, float *t)
{
    for (i64 jj = 0; jj < bn; ++jj)
        for (i64 c = 0; c < d; ++c)
            t[c * bn + jj] = jj < n ? x[((j0 + jj) * heads + h) * d + c] : 0.0f;
}

struct Workspace
{
    std::vector<float> bias, keep, s, ds, kt, vt, acc, dkAcc, dvAcc;
    std::vector<int> bucket;
    Workspace(const Problem &p, const AttentionTiles &t)
        : bias(std::size_t(t.queries * t.keys))
        , keep(bias.size())
        , s(bias.size())
        , ds(bias.size())
        , kt(std::size_t(p.dqk * t.keys))
        , vt(std::size_t(p.dv * t.keys))
        , acc(std::size_t(t.queries * p.heads * p.dv))
        , dkAcc(std::size_t(t.keys * p.dqk))
        , dvAcc(std::size_t(t.keys * p.dv))
        , bucket(bias.size())
    {}
};

/// out rows [i0, i0 + m) of sequence s, every head.
template<int BN>
[[gnu::always_inline]] inline void
forwardTile(const Problem &p, const Sequence &s, i64 i0, i64 bm, float *out, Workspace &w)
{
    const i64 m = std::min(bm, s.len - i0), H = p.heads;
    std::fill(w.acc.begin(), w.acc.begin() + m * H * p.dv, 0.0f);
    for (i64 j0 = 0; j0 < i0 + m; j0 += BN) { // causal: keys up to the tile's last query
        const i64 n = std::min<i64>(BN, i0 + m - j0);
        if (!fillTile(p, s, i0, m, j0, n, BN, w.bias.data(), w.keep.data(), nullptr))
            continue;
        for (i64 h = 0; h < H; ++h) {
            transposeTile(p.k + s.start * H * p.dqk, H, h, p.dqk, j0, n, BN, w.kt.data());
            rowsTimesTile<BN>(p.qRow(s.start + i0, h),
                              H * p.dqk,
                              m,
                              w.kt.data(),
                              p.dqk,
                              p.alpha,
                              w.bias.data(),
                              w.s.data());
            for (i64 e = 0; e < m * BN; ++e) {
                const float x = w.s[std::size_t(e)];
                w.s[std::size_t(e)] = x * sigmoid(x) * p.invDivisor * w.keep[std::size_t(e)];
            }
            for (i64 r = 0; r < m; ++r)
                accumulateRows(w.acc.data() + (r * H + h) * p.dv,
                               w.s.data() + r * BN,
                               1,
                               n,
                               p.vRow(s.start + j0, h),
                               H * p.dv,
                               p.dv);
        }
    }
    std::copy(w.acc.begin(), w.acc.begin() + m * H * p.dv, out + (s.start + i0) * H * p.dv);
}

RS_KERNEL_CLONES void forwardTask(
    const Problem &p, const Sequence &s, i64 i0, const AttentionTiles &t, float *out, Workspace &w)
{
    switch (t.keys) {
    case 16:
        return forwardTile<16>(p, s, i0, t.queries, out, w);
    case 32:
        return forwardTile<32>(p, s, i0, t.queries, out, w);
    case 128:
        return forwardTile<128>(p, s, i0, t.queries, out, w);
    default:
        return forwardTile<64>(p, s, i0, t.queries, out, w);
    }
}

struct Gradients
{
    float *dq, *dk, *dv;
    const float *dout;
};

/// Gradients of head h of sequence s; dpb, dtb: this chunk's bias-gradient sums (or null).
template<int BN>
[[gnu::always_inline]] inline void backwardHead(const Problem &p,
                                                const Sequence &s,
                                                i64 h,
                                                i64 bm,
                                                const Gradients &g,
                                                float *dpb,
                                                float *dtb,
                                                Workspace &w)
{
    const i64 H = p.heads, dqk = p.dqk, dv = p.dv, qs = H * dqk, vs = H * dv;
    for (i64 j0 = 0; j0 < s.len; j0 += BN) {
        const i64 n = std::min<i64>(BN, s.len - j0);
        transposeTile(p.k + s.start * qs, H, h, dqk, j0, n, BN, w.kt.data());
        transposeTile(p.v + s.start * vs, H, h, dv, j0, n, BN, w.vt.data());
        std::fill(w.dkAcc.begin(), w.dkAcc.end(), 0.0f);
        std::fill(w.dvAcc.begin(), w.dvAcc.end(), 0.0f);
        for (i64 i0 = j0 / bm * bm; i0 < s.len; i0 += bm) { // queries at or after the keys
            const i64 m = std::min(bm, s.len - i0);
            if (!fillTile(p, s, i0, m, j0, n, BN, w.bias.data(), w.keep.data(), w.bucket.data()))
                continue;
            const i64 row = s.start + i0;
            rowsTimesTile<BN>(p.qRow(row, h),
                              qs,
                              m,
                              w.kt.data(),
                              dqk,
                              p.alpha,
                              w.bias.data(),
                              w.s.data());
            rowsTimesTile<BN>(g.dout + (row * H + h) * dv,
                              vs,
                              m,
                              w.vt.data(),
                              dv,
                              1.0f,
                              nullptr,
                              w.ds.data()); // dA = dO · vᵀ
            for (i64 e = 0; e < m * BN; ++e) {
                const float x = w.s[std::size_t(e)], sg = sigmoid(x);
                const float kept = w.keep[std::size_t(e)] * p.invDivisor;
                w.s[std::size_t(e)] = x * sg * kept;                          // A
                w.ds[std::size_t(e)] *= sg * (1.0f + x * (1.0f - sg)) * kept; // dS
            }
            if (dpb || dtb)
                for (i64 r = 0; r < m; ++r)
                    for (i64 c = 0; c < n; ++c) {
                        const auto e = std::size_t(r * BN + c);
                        if (w.keep[e] == 0.0f)
                            continue;
                        if (dpb)
                            dpb[p.biasCentre + j0 + c - (i0 + r)] += w.ds[e];
                        if (dtb)
                            dtb[w.bucket[e]] += w.ds[e];
                    }
            for (i64 e = 0; e < m * BN; ++e)
                w.ds[std::size_t(e)] *= p.alpha; // s = α q·k: dq, dk carry α
            for (i64 c = 0; c < n; ++c) {
                accumulateRows(w.dvAcc.data() + c * dv,
                               w.s.data() + c,
                               BN,
                               m,
                               g.dout + (row * H + h) * dv,
                               vs,
                               dv);
                accumulateRows(w.dkAcc.data() + c * dqk,
                               w.ds.data() + c,
                               BN,
                               m,
                               p.qRow(row, h),
                               qs,
                               dqk);
            }
            for (i64 r = 0; r < m; ++r)
                accumulateRows(g.dq + ((row + r) * H + h) * dqk,
                               w.ds.data() + r * BN,
                               1,
                               n,
                               p.kRow(s.start + j0, h),
                               qs,
                               dqk);
        }
        for (i64 c = 0; c < n; ++c) {
            std::copy_n(w.dkAcc.data() + c * dqk, dqk, g.dk + ((s.start + j0 + c) * H + h) * dqk);
            std::copy_n(w.dvAcc.data() + c * dv, dv, g.dv + ((s.start + j0 + c) * H + h) * dv);
        }
    }
}

RS_KERNEL_CLONES void backwardTask(const Problem &p,
                                   const Sequence &s,
                                   i64 h,
                                   const AttentionTiles &t,
                                   const Gradients &g,
                                   float *dpb,
                                   float *dtb,
                                   Workspace &w)
{
    switch (t.keys) {
    case 16:
        return backwardHead<16>(p, s, h, t.queries, g, dpb, dtb, w);
    case 32:
        return backwardHead<32>(p, s, h, t.queries, g, dpb, dtb, w);
    case 128:
        return backwardHead<128>(p, s, h, t.queries, g, dpb, dtb, w);
    default:
        return backwardHead<64>(p, s, h, t.queries, g, dpb, dtb, w);
    }
}

} // namespace

at::Tensor hstuAttentionForwardCpu(const AttentionArgs &a)
{
    checkAttentionArgs(a);
    const auto p = problemOf(a);
    const i64 batch = a.offsets.size(0) - 1;
    auto out = at::zeros({a.q.size(0), p.heads, p.dv}, a.q.options());
    std::vector<Task> tasks;
    for (i64 b = 0; b < batch; ++b) {
        const auto s = sequenceOf(p, b);
        for (i64 i0 = 0; i0 < s.len; i0 += a.tiles.queries)
            tasks.push_back({b, i0, (i0 + a.tiles.queries) * a.tiles.queries});
    }
    float *o = out.data_ptr<float>();
    runBalanced(tasks, [&](std::span<const Task> mine, i64) {
        Workspace w(p, a.tiles);
        for (const auto &t : mine)
            forwardTask(p, sequenceOf(p, t.sequence), t.index, a.tiles, o, w);
    });
    return out;
}

std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>
hstuAttentionBackwardCpu(const at::Tensor &gradOut, const AttentionArgs &a)
{
    checkAttentionArgs(a);
    TORCH_CHECK(gradOut.sizes() == at::IntArrayRef({a.q.size(0), a.q.size(1), a.v.size(2)}),
                "hstu_attention: grad has shape ",
                gradOut.sizes(),
                ", the output's is [L, H, d_v]");
    const auto p = problemOf(a);
    const auto dout = gradOut.to(at::kFloat).contiguous();
    auto dq = at::zeros_like(a.q), dk = at::zeros_like(a.k), dv = at::zeros_like(a.v);
    const i64 batch = a.offsets.size(0) - 1;
    std::vector<Task> tasks;
    for (i64 b = 0; b < batch; ++b) {
        const auto s = sequenceOf(p, b);
        for (i64 h = 0; s.len > 0 && h < p.heads; ++h)
            tasks.push_back({b, h, s.len * s.len});
    }
    const i64 pbSize = a.positionBias ? a.positionBias->size(0) : 0;
    const i64 tbSize = a.times ? a.timeBias->size(0) : 0;
    const i64 chunks = balancedChunks(i64(tasks.size()));
    std::vector<float> pbSums(static_cast<std::size_t>(chunks * pbSize)),
        tbSums(static_cast<std::size_t>(chunks * tbSize));
    const Gradients g{dq.data_ptr<float>(),
                      dk.data_ptr<float>(),
                      dv.data_ptr<float>(),
                      dout.data_ptr<float>()};
    runBalanced(tasks, [&](std::span<const Task> mine, i64 chunk) {
        Workspace w(p, a.tiles);
        float *dpb = pbSize ? pbSums.data() + chunk * pbSize : nullptr;
        float *dtb = tbSize ? tbSums.data() + chunk * tbSize : nullptr;
        for (const auto &t : mine)
            backwardTask(p, sequenceOf(p, t.sequence), t.index, a.tiles, g, dpb, dtb, w);
    });
    // Chunk sums added in chunk order: the same result for the same thread count.
    auto dpb = at::zeros({pbSize}, a.q.options()), dtb = at::zeros({tbSize}, a.q.options());
    for (i64 c = 0; c < chunks; ++c) {
        for (i64 e = 0; e < pbSize; ++e)
            dpb.data_ptr<float>()[e] += pbSums[std::size_t(c * pbSize + e)];
        for (i64 e = 0; e < tbSize; ++e)
            dtb.data_ptr<float>()[e] += tbSums[std::size_t(c * tbSize + e)];
    }
    return {dq, dk, dv, dpb, dtb};
}

} // namespace recscope::core::detail::kernels
