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
#include "kernels/cpu_tiles.h"
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
    Problem p{};
    p.q = a.q.data_ptr<float>(), p.k = a.k.data_ptr<float>(), p.v = a.v.data_ptr<float>();
    p.offsets = a.offsets.data_ptr<i64>();
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
              float *__restrict bias,
              float *__restrict keep,
              int *__restrict bucket)
{
    bool any = false;
    for (i64 r = 0; r < m; ++r) {
        const i64 i = i0 + r;
        float *br = bias + r * bn, *kr = keep + r * bn;
        // Kept: the keys before min(i, history), and the diagonal.
        const i64 before = std::clamp<i64>(std::min(i, s.history) - j0, 0, n), diagonal = i - j0;
        for (i64 c = 0; c < bn; ++c)
            kr[c] = c < before || c == diagonal ? 1.0f : 0.0f;
        any |= before > 0 || (diagonal >= 0 && diagonal < n);
        if (p.positionBias) { // keys j0.. sit on consecutive relative positions j − i
            const float *w = p.positionBias + p.biasCentre + j0 - i;
            for (i64 c = 0; c < bn; ++c)
                br[c] = c < n ? w[c] : 0.0f;
        } else {
            std::fill(br, br + bn, 0.0f);
        }
        if (!p.times)
            continue;
        const i64 next = p.nextTimes[s.start + i];
        const i64 *t = p.times + s.start + j0;
        const auto &table = *p.buckets;
        // Chronological keys give neighbouring pairs the same bucket: check the last one's
        // thresholds first (two compares), and look the bucket up only when it changed.
        int u = 0;
        std::uint64_t lo = 1, hi = 0;
        auto addTimeBias = [&](i64 c) {
            // Wrapping difference: no overflow on untrusted timestamps.
            const auto a
                = TimeBucketTable::magnitude(i64(std::uint64_t(next) - std::uint64_t(t[c])));
            if (a < lo || a >= hi) {
                u = table.bucketOf(a);
                lo = table.thresholds[std::size_t(u)], hi = table.thresholds[std::size_t(u + 1)];
            }
            br[c] += p.timeBias[u];
            if (bucket)
                bucket[r * bn + c] = u;
        };
        for (i64 c = 0; c < before; ++c)
            addTimeBias(c);
        if (diagonal >= before && diagonal < n)
            addTimeBias(diagonal);
    }
    return any;
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
        , kt(std::size_t(p.heads * p.dqk * t.keys))
        , vt(std::size_t(p.heads * p.dv * t.keys))
        , acc(std::size_t(t.queries * p.heads * p.dv))
        , dkAcc(std::size_t(p.heads * t.keys * p.dqk))
        , dvAcc(std::size_t(p.heads * t.keys * p.dv))
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
            rowsTimesTile(p.qRow(s.start + i0, h),
                          H * p.dqk,
                          m,
                          w.kt.data(),
                          p.dqk,
                          BN,
                          p.alpha,
                          w.bias.data(),
                          w.s.data());
            siluWeights(w.s.data(), w.keep.data(), m * BN, p.invDivisor);
            accumulateRows(w.acc.data() + h * p.dv,
                           H * p.dv,
                           w.s.data(),
                           BN,
                           1,
                           m,
                           n,
                           p.vRow(s.start + j0, h),
                           H * p.dv,
                           p.dv); // out += A · V
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

/// Gradients of heads [h0, h1) of sequence s; dpb, dtb: this chunk's bias-gradient sums (or
/// null). Key tiles outer (their dK, dV stay in the workspace), query tiles inner; a tile pair's
/// bias and mask are made once for all the heads.
template<int BN>
[[gnu::always_inline]] inline void backwardHeads(const Problem &p,
                                                 const Sequence &s,
                                                 i64 h0,
                                                 i64 h1,
                                                 i64 bm,
                                                 const Gradients &g,
                                                 float *dpb,
                                                 float *dtb,
                                                 Workspace &w)
{
    const i64 H = p.heads, dqk = p.dqk, dv = p.dv, qs = H * dqk, vs = H * dv;
    for (i64 j0 = 0; j0 < s.len; j0 += BN) {
        const i64 n = std::min<i64>(BN, s.len - j0);
        for (i64 h = h0; h < h1; ++h) {
            transposeTile(p.k + s.start * qs, H, h, dqk, j0, n, BN, w.kt.data() + h * dqk * BN);
            transposeTile(p.v + s.start * vs, H, h, dv, j0, n, BN, w.vt.data() + h * dv * BN);
        }
        std::fill(w.dkAcc.begin(), w.dkAcc.end(), 0.0f);
        std::fill(w.dvAcc.begin(), w.dvAcc.end(), 0.0f);
        for (i64 i0 = j0 / bm * bm; i0 < s.len; i0 += bm) { // queries at or after the keys
            const i64 m = std::min(bm, s.len - i0), row = s.start + i0;
            if (!fillTile(p, s, i0, m, j0, n, BN, w.bias.data(), w.keep.data(), w.bucket.data()))
                continue;
            for (i64 h = h0; h < h1; ++h) {
                float *dkAcc = w.dkAcc.data() + h * BN * dqk, *dvAcc = w.dvAcc.data() + h * BN * dv;
                const float *dout = g.dout + (row * H + h) * dv;
                rowsTimesTile(p.qRow(row, h),
                              qs,
                              m,
                              w.kt.data() + h * dqk * BN,
                              dqk,
                              BN,
                              p.alpha,
                              w.bias.data(),
                              w.s.data());
                rowsTimesTile(dout,
                              vs,
                              m,
                              w.vt.data() + h * dv * BN,
                              dv,
                              BN,
                              1.0f,
                              nullptr,
                              w.ds.data()); // dA = dO · Vᵀ
                siluWeightsAndGradient(w.s.data(),
                                       w.ds.data(),
                                       w.keep.data(),
                                       m * BN,
                                       p.invDivisor);
                for (i64 r = 0; r < m; ++r) {
                    const float *dsr = w.ds.data() + r * BN; // zero where masked
                    if (dpb) // row r's keys sit on consecutive relative positions j − i
                        axpy(dpb + p.biasCentre + j0 - (i0 + r), dsr, 1.0f, n);
                    if (dtb) // runs of one bucket summed in a register: no add-to-memory chain
                        addByBucket(dtb, w.bucket.data() + r * BN, dsr, n);
                }
                // dV += Aᵀ dO, dK += α dSᵀ Q, dQ += α dS K.
                accumulateRows(dvAcc, dv, w.s.data(), 1, BN, n, m, dout, vs, dv);
                accumulateRows(
                    dkAcc, dqk, w.ds.data(), 1, BN, n, m, p.qRow(row, h), qs, dqk, p.alpha);
                accumulateRows(g.dq + (row * H + h) * dqk,
                               qs,
                               w.ds.data(),
                               BN,
                               1,
                               m,
                               n,
                               p.kRow(s.start + j0, h),
                               qs,
                               dqk,
                               p.alpha);
            }
        }
        for (i64 h = h0; h < h1; ++h)
            for (i64 c = 0; c < n; ++c) {
                const i64 at = (s.start + j0 + c) * H + h;
                std::copy_n(w.dkAcc.data() + (h * BN + c) * dqk, dqk, g.dk + at * dqk);
                std::copy_n(w.dvAcc.data() + (h * BN + c) * dv, dv, g.dv + at * dv);
            }
    }
}

RS_KERNEL_CLONES void backwardTask(const Problem &p,
                                   const Sequence &s,
                                   i64 h0,
                                   i64 h1,
                                   const AttentionTiles &t,
                                   const Gradients &g,
                                   float *dpb,
                                   float *dtb,
                                   Workspace &w)
{
    switch (t.keys) {
    case 16:
        return backwardHeads<16>(p, s, h0, h1, t.queries, g, dpb, dtb, w);
    case 32:
        return backwardHeads<32>(p, s, h0, h1, t.queries, g, dpb, dtb, w);
    case 128:
        return backwardHeads<128>(p, s, h0, h1, t.queries, g, dpb, dtb, w);
    default:
        return backwardHeads<64>(p, s, h0, h1, t.queries, g, dpb, dtb, w);
    }
}

} // namespace

static void checkTiles(const AttentionTiles &t)
{
    auto valid = [](std::int64_t v) { return v == 16 || v == 32 || v == 64 || v == 128; };
    TORCH_CHECK(valid(t.queries) && valid(t.keys),
                "hstu_attention: tiles of 16, 32, 64 or 128, not ",
                t.queries,
                "x",
                t.keys);
}

at::Tensor hstuAttentionForwardCpu(const AttentionArgs &a)
{
    checkAttentionArgs(a);
    checkTiles(a.tiles);
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
    checkTiles(a.tiles);
    TORCH_CHECK(gradOut.sizes() == at::IntArrayRef({a.q.size(0), a.q.size(1), a.v.size(2)}),
                "hstu_attention: grad has shape ",
                gradOut.sizes(),
                ", the output's is [L, H, d_v]");
    const auto p = problemOf(a);
    const auto dout = gradOut.to(at::kFloat).contiguous();
    auto dq = at::zeros_like(a.q), dk = at::zeros_like(a.k), dv = at::zeros_like(a.v);
    const i64 batch = a.offsets.size(0) - 1;
    // A task per (sequence, group of heads): all heads together when there are sequences enough
    // to keep every thread busy (a tile's bias is then made once), one head each otherwise.
    const i64 threads = at::get_num_threads();
    const i64 group = batch >= threads ? p.heads : 1;
    std::vector<Task> tasks;
    for (i64 b = 0; b < batch; ++b) {
        const auto s = sequenceOf(p, b);
        for (i64 h = 0; s.len > 0 && h < p.heads; h += group)
            tasks.push_back({b, h, s.len * s.len * std::min(group, p.heads - h)});
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
            backwardTask(p,
                         sequenceOf(p, t.sequence),
                         t.index,
                         std::min(t.index + group, p.heads),
                         a.tiles,
                         g,
                         dpb,
                         dtb,
                         w);
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
