// SPDX-License-Identifier: MIT
// hstuAttention: argument checks, the autograd function over the recscope::hstu_attention_fwd
// and _bwd operators (kernels/kernel_ops.cpp registers them; the device picks the kernel), and
// the padded LibTorch reference.
#include "kernels/hstu_attention.h"

#include "kernels/hstu_attention_cpu.h"
#include "kernels/kernel_library.h"
#include "kernels/kernel_tuner.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/autograd.h>
#include <torch/nn/functional/activation.h>

#include <vector>

namespace recscope::core::detail {

namespace {

using kernels::AttentionArgs;
using kernels::AttentionTiles;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

c10::optional<at::Tensor> optionalOf(const at::Tensor &t)
{
    return t.defined() ? c10::optional<at::Tensor>(t) : c10::nullopt;
}

using ForwardOp = at::Tensor(const at::Tensor &,
                             const at::Tensor &,
                             const at::Tensor &,
                             const at::Tensor &,
                             const c10::optional<at::Tensor> &,
                             const c10::optional<at::Tensor> &,
                             const c10::optional<at::Tensor> &,
                             const c10::optional<at::Tensor> &,
                             const c10::optional<at::Tensor> &,
                             double,
                             double,
                             std::int64_t,
                             std::int64_t);
using BackwardOp = std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>(
    const at::Tensor &,
    const at::Tensor &,
    const at::Tensor &,
    const at::Tensor &,
    const at::Tensor &,
    const c10::optional<at::Tensor> &,
    const c10::optional<at::Tensor> &,
    const c10::optional<at::Tensor> &,
    const c10::optional<at::Tensor> &,
    const c10::optional<at::Tensor> &,
    double,
    double,
    std::int64_t,
    std::int64_t);

/// Tensors in the order Function::apply passes them: the differentiable ones first.
enum Slot {
    Q,
    K,
    V,
    PositionBias,
    TimeBias,
    Offsets,
    Times,
    NextTimes,
    NumTargets,
    Slots
};

struct HstuAttentionFunction : torch::autograd::Function<HstuAttentionFunction>
{
    static at::Tensor forward(AutogradContext *ctx,
                              const at::Tensor &q,
                              const at::Tensor &k,
                              const at::Tensor &v,
                              const c10::optional<at::Tensor> &positionBias,
                              const c10::optional<at::Tensor> &timeBias,
                              const at::Tensor &offsets,
                              const c10::optional<at::Tensor> &times,
                              const c10::optional<at::Tensor> &nextTimes,
                              const c10::optional<at::Tensor> &numTargets,
                              double alpha,
                              double divisor,
                              std::int64_t blockM,
                              std::int64_t blockN)
    {
        auto orNone = [](const c10::optional<at::Tensor> &t) { return t.value_or(at::Tensor()); };
        ctx->save_for_backward({q,
                                k,
                                v,
                                orNone(positionBias),
                                orNone(timeBias),
                                offsets,
                                orNone(times),
                                orNone(nextTimes),
                                orNone(numTargets)});
        ctx->saved_data["alpha"] = alpha;
        ctx->saved_data["divisor"] = divisor;
        ctx->saved_data["block_m"] = blockM;
        ctx->saved_data["block_n"] = blockN;
        static auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("recscope::hstu_attention_fwd", "")
                             .typed<ForwardOp>();
        return op.call(q,
                       k,
                       v,
                       offsets,
                       times,
                       nextTimes,
                       positionBias,
                       timeBias,
                       numTargets,
                       alpha,
                       divisor,
                       blockM,
                       blockN);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto s = ctx->get_saved_variables();
        static auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("recscope::hstu_attention_bwd", "")
                             .typed<BackwardOp>();
        auto [dq, dk, dv, dpb, dtb] = op.call(grads[0].contiguous(),
                                              s[Q],
                                              s[K],
                                              s[V],
                                              s[Offsets],
                                              optionalOf(s[Times]),
                                              optionalOf(s[NextTimes]),
                                              optionalOf(s[PositionBias]),
                                              optionalOf(s[TimeBias]),
                                              optionalOf(s[NumTargets]),
                                              ctx->saved_data["alpha"].toDouble(),
                                              ctx->saved_data["divisor"].toDouble(),
                                              ctx->saved_data["block_m"].toInt(),
                                              ctx->saved_data["block_n"].toInt());
        variable_list out(Slots + 4); // + alpha, divisor and the tile sizes
        out[Q] = dq, out[K] = dk, out[V] = dv;
        if (s[PositionBias].defined())
            out[PositionBias] = dpb;
        if (s[TimeBias].defined())
            out[TimeBias] = dtb;
        return out;
    }
};

} // namespace

namespace kernels {

std::int64_t checkAttentionArgs(const AttentionArgs &a)
{
    auto sameDevice = [&](const at::Tensor &t, const char *name) {
        TORCH_CHECK(t.device() == a.q.device(),
                    "hstu_attention: ",
                    name,
                    " is on ",
                    t.device(),
                    ", q on ",
                    a.q.device());
    };
    TORCH_CHECK(a.q.dim() == 3 && a.k.dim() == 3 && a.v.dim() == 3,
                "hstu_attention: q, k and v must be [L, H, d]");
    TORCH_CHECK(a.k.sizes() == a.q.sizes(),
                "hstu_attention: k has shape ",
                a.k.sizes(),
                ", q has ",
                a.q.sizes());
    TORCH_CHECK(a.v.size(0) == a.q.size(0) && a.v.size(1) == a.q.size(1),
                "hstu_attention: v has shape ",
                a.v.sizes(),
                ", q has ",
                a.q.sizes());
    TORCH_CHECK(a.q.scalar_type() == a.k.scalar_type() && a.q.scalar_type() == a.v.scalar_type(),
                "hstu_attention: q, k and v must share one dtype");
    TORCH_CHECK(a.q.is_contiguous() && a.k.is_contiguous() && a.v.is_contiguous(),
                "hstu_attention: q, k and v must be contiguous");
    TORCH_CHECK(a.offsets.dim() == 1 && a.offsets.size(0) >= 1
                    && a.offsets.scalar_type() == at::kLong,
                "hstu_attention: offsets must be int64 [B + 1]");
    sameDevice(a.offsets, "offsets");
    const auto off = a.offsets.to(at::kCPU).contiguous();
    const auto *o = off.data_ptr<std::int64_t>();
    const std::int64_t batch = off.size(0) - 1;
    TORCH_CHECK(o[0] == 0 && o[batch] == a.q.size(0),
                "hstu_attention: offsets run from ",
                o[0],
                " to ",
                o[batch],
                ", not from 0 to L = ",
                a.q.size(0));
    std::int64_t longest = 0;
    for (std::int64_t b = 0; b < batch; ++b) {
        TORCH_CHECK(o[b + 1] >= o[b], "hstu_attention: offsets decrease at sequence ", b);
        longest = std::max(longest, o[b + 1] - o[b]);
    }
    TORCH_CHECK(a.divisor > 0, "hstu_attention: divisor must be positive, not ", a.divisor);
    TORCH_CHECK(a.times.has_value() == a.nextTimes.has_value()
                    && a.times.has_value() == a.timeBias.has_value(),
                "hstu_attention: times, next_times and time_bias come together");
    if (a.times) {
        for (const auto *t : {&*a.times, &*a.nextTimes}) {
            TORCH_CHECK(t->dim() == 1 && t->size(0) == a.q.size(0) && t->scalar_type() == at::kLong
                            && t->is_contiguous(),
                        "hstu_attention: times and next_times must be contiguous int64 [L]");
            sameDevice(*t, "times");
        }
        TORCH_CHECK(a.timeBias->dim() == 1 && a.timeBias->size(0) == 129
                        && a.timeBias->scalar_type() == at::kFloat,
                    "hstu_attention: time_bias must be float32 [129]");
        sameDevice(*a.timeBias, "time_bias");
    }
    if (a.positionBias) {
        const auto size = a.positionBias->size(0);
        TORCH_CHECK(a.positionBias->dim() == 1 && size % 2 == 1
                        && a.positionBias->scalar_type() == at::kFloat,
                    "hstu_attention: position_bias must be float32 [2 N − 1]");
        TORCH_CHECK(longest <= (size + 1) / 2,
                    "hstu_attention: a sequence has ",
                    longest,
                    " items, the position bias covers ",
                    (size + 1) / 2);
        sameDevice(*a.positionBias, "position_bias");
    }
    if (a.numTargets) {
        TORCH_CHECK(a.numTargets->dim() == 1 && a.numTargets->size(0) == batch
                        && a.numTargets->scalar_type() == at::kLong,
                    "hstu_attention: num_targets must be int64 [B]");
        sameDevice(*a.numTargets, "num_targets");
    }
    return longest;
}

} // namespace kernels

at::Tensor hstuTimeBuckets(const at::Tensor &delta)
{
    auto d = delta.abs().clamp_min(1).to(at::kDouble);
    return (at::log(d) / 0.301).floor().clamp(0, 128).to(at::kLong);
}

bool fusedAttentionAvailable(const at::Tensor &like, std::int64_t headDim, std::int64_t sequences)
{
    if (kernels::referenceKernelsForced())
        return false;
    if (like.is_cpu())
        return like.scalar_type() == at::kFloat;
    // The CUDA kernels hold a head in registers (up to 128) and a sequence per grid row.
    return like.is_cuda() && headDim <= 128 && sequences <= 65535 && kernels::cudaKernelsLoaded();
}

at::Tensor hstuAttention(const HstuAttentionInputs &in)
{
    const auto times = optionalOf(in.times), next = optionalOf(in.nextTimes),
               pb = optionalOf(in.positionBias), tb = optionalOf(in.timeBias),
               nt = optionalOf(in.numTargets);
    AttentionArgs
        args{in.q, in.k, in.v, in.offsets, times, next, pb, tb, nt, in.alpha, in.divisor, {}};
    const auto longest = kernels::checkAttentionArgs(args);
    const AttentionTiles tiles = in.blockQueries > 0 && in.blockKeys > 0
                                     ? AttentionTiles{in.blockQueries, in.blockKeys}
                                     : kernels::attentionTiles(in.q, in.q.size(2), longest);
    if (in.q.is_cuda())
        kernels::loadCudaKernels();
    // Absent tables and times go in as empty optionals: autograd takes no undefined tensors.
    return HstuAttentionFunction::apply(in.q,
                                        in.k,
                                        in.v,
                                        pb,
                                        tb,
                                        in.offsets,
                                        times,
                                        next,
                                        nt,
                                        in.alpha,
                                        in.divisor,
                                        tiles.queries,
                                        tiles.keys);
}

at::Tensor hstuAttentionReference(const HstuAttentionInputs &in)
{
    const auto offsets = in.offsets.to(at::kCPU).contiguous();
    const auto *off = offsets.data_ptr<std::int64_t>();
    const std::int64_t batch = offsets.size(0) - 1, rows = in.q.size(0), heads = in.q.size(1);
    std::int64_t n = 1;
    for (std::int64_t b = 0; b < batch; ++b)
        n = std::max(n, off[b + 1] - off[b]);
    // Padded slot (b, i) ← jagged row, or the appended zero row `rows` past a sequence's end.
    std::vector<std::int64_t> gather(static_cast<std::size_t>(batch * n), rows),
        hist(static_cast<std::size_t>(batch));
    const auto targetCounts
        = in.numTargets.defined() ? in.numTargets.to(at::kCPU).contiguous() : at::Tensor();
    const auto *targets = targetCounts.defined() ? targetCounts.data_ptr<std::int64_t>() : nullptr;
    for (std::int64_t b = 0; b < batch; ++b) {
        const auto len = off[b + 1] - off[b];
        for (std::int64_t i = 0; i < len; ++i)
            gather[std::size_t(b * n + i)] = off[b] + i;
        hist[std::size_t(b)] = len - (targets ? std::clamp<std::int64_t>(targets[b], 0, len) : 0);
    }
    const auto dev = in.q.device();
    const auto index = at::tensor(gather, at::kLong).to(dev);
    auto padded = [&](const at::Tensor &x) { // [L, H, d] → [B, H, n, d]
        auto withZero = at::cat({x, at::zeros({1, x.size(1), x.size(2)}, x.options())});
        return withZero.index_select(0, index).view({batch, n, heads, x.size(2)}).transpose(1, 2);
    };
    // In float32 whatever q, k and v are: bf16 and fp16 inputs are compared at their rounding.
    auto s = at::matmul(padded(in.q.to(at::kFloat)), padded(in.k.to(at::kFloat)).transpose(-2, -1))
             * in.alpha; // [B,H,n,n]
    auto pos = at::arange(n, at::TensorOptions().dtype(at::kLong).device(dev));
    if (in.positionBias.defined()) {
        auto rel = pos.view({1, n}) - pos.view({n, 1}) + (in.positionBias.size(0) - 1) / 2;
        s = s + in.positionBias.index({rel}).view({1, 1, n, n});
    }
    if (in.times.defined()) {
        auto pt = at::cat({in.times, at::zeros({1}, in.times.options())}).index_select(0, index);
        auto pn
            = at::cat({in.nextTimes, at::zeros({1}, in.times.options())}).index_select(0, index);
        auto buckets = hstuTimeBuckets(pn.view({batch, n, 1}) - pt.view({batch, 1, n}));
        s = s + in.timeBias.index({buckets}).unsqueeze(1);
    }
    auto valid = index.view({batch, n}).ne(rows);
    auto history = pos.view({1, 1, n}) < at::tensor(hist, at::kLong).to(dev).view({batch, 1, 1});
    auto diagonal = at::eye(n, at::TensorOptions().dtype(at::kBool).device(dev)).view({1, n, n});
    auto below = at::ones({n, n}, at::TensorOptions().dtype(at::kBool).device(dev)).tril(-1);
    auto mask = diagonal.logical_or(below.view({1, n, n}).logical_and(history))
                    .logical_and(valid.view({batch, n, 1}))
                    .logical_and(valid.view({batch, 1, n}));
    auto a = torch::nn::functional::silu(s) / in.divisor * mask.unsqueeze(1).to(s.dtype());
    auto out = at::matmul(a, padded(in.v.to(at::kFloat)))
                   .transpose(1, 2)
                   .reshape({batch * n, heads, in.v.size(2)});
    return out.index({valid.view(-1)}).to(in.v.scalar_type()); // back to jagged rows, in order
}

} // namespace recscope::core::detail
