// SPDX-License-Identifier: MIT
#include "model/hstu_net.h"

#include "recscope/core/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/normalization.h>
#include <torch/nn/init.h>

#include <cmath>

namespace recscope::core::detail {

namespace F = torch::nn::functional;

HstuLayerImpl::HstuLayerImpl(const HstuConfig &c)
    : m_c(c)
{
    if (c.heads < 1)
        throw ConfigError("n_heads", "must be at least 1");
    uvqk = register_module("uvqk",
                           torch::nn::Linear(c.hidden,
                                             2 * c.heads * (c.linearDim + c.attentionDim)));
    out = register_module("out", torch::nn::Linear(c.heads * c.linearDim, c.hidden));
    positionBias = register_parameter("position_bias", torch::zeros({2 * c.maxLen - 1}));
    timeBias = register_parameter("time_bias", torch::zeros({129}));
    m_drop = register_module("drop", torch::nn::Dropout(c.dropout));
    torch::nn::init::xavier_uniform_(out->weight);
    torch::NoGradGuard ng;
    positionBias.normal_(0, 0.02);
    timeBias.normal_(0, 0.02);
}

torch::Tensor HstuLayerImpl::forward(const torch::Tensor &x, const HstuBatchLayout &layout)
{
    const auto h = m_c.heads, dv = m_c.linearDim, dqk = m_c.attentionDim;
    auto normed = F::layer_norm(x, F::LayerNormFuncOptions({m_c.hidden}).eps(1e-6));
    auto proj = F::silu(uvqk(normed));
    auto parts = proj.split_with_sizes({h * dv, h * dv, h * dqk, h * dqk}, -1);
    auto av = layout.fused && !capture ? attendFused(parts[2], parts[3], parts[1], layout)
                                       : attendPadded(parts[2], parts[3], parts[1], layout);
    av = F::layer_norm(av, F::LayerNormFuncOptions({h * dv}).eps(1e-6));
    return x + out(m_drop(parts[0] * av));
}

torch::Tensor HstuLayerImpl::attendPadded(const torch::Tensor &qs,
                                          const torch::Tensor &ks,
                                          const torch::Tensor &vs,
                                          const HstuBatchLayout &layout)
{
    const auto b = qs.size(0), n = qs.size(1), h = m_c.heads, dv = m_c.linearDim,
               dqk = m_c.attentionDim;
    auto v = vs.view({b, n, h, dv}).transpose(1, 2);  // [B,H,n,dv]
    auto q = qs.view({b, n, h, dqk}).transpose(1, 2); // [B,H,n,dqk]
    auto k = ks.view({b, n, h, dqk}).transpose(1, 2);
    auto logits = torch::matmul(q, k.transpose(-2, -1)); // [B,H,n,n]
    // Relative position bias w[N − 1 + (j − i)], the same for every head (one table per layer).
    auto idx = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(qs.device()));
    auto rel = idx.view({1, n}) - idx.view({n, 1}) + (m_c.maxLen - 1); // [n,n]: j − i
    logits = logits + positionBias.index({rel}).view({1, 1, n, n})
             + timeBias.index({layout.buckets}).unsqueeze(1);
    auto causal
        = torch::ones({n, n}, torch::TensorOptions().dtype(torch::kBool).device(qs.device()))
              .tril();
    auto mask
        = causal.view({1, 1, n, n}).logical_and(layout.keep.view({b, 1, 1, n})).to(logits.dtype());
    auto weights = F::silu(logits) / double(n) * mask; // pointwise aggregation, divided by N
    if (capture)
        lastWeights = weights.detach();
    return torch::matmul(weights, v).transpose(1, 2).reshape({b, n, h * dv});
}

torch::Tensor HstuLayerImpl::attendFused(const torch::Tensor &qs,
                                         const torch::Tensor &ks,
                                         const torch::Tensor &vs,
                                         const HstuBatchLayout &layout)
{
    const auto b = qs.size(0), n = qs.size(1), h = m_c.heads, dv = m_c.linearDim,
               dqk = m_c.attentionDim;
    auto jagged = [&](const torch::Tensor &t, std::int64_t d) {
        return t.reshape({b * n, h, d}).index_select(0, layout.rows);
    };
    HstuAttentionInputs in{jagged(qs, dqk),
                           jagged(ks, dqk),
                           jagged(vs, dv),
                           layout.offsets,
                           layout.times,
                           layout.nextTimes,
                           positionBias,
                           timeBias};
    in.divisor = double(n); // the research code divides by the padded length N
    auto o = hstuAttention(in).reshape({-1, h * dv});
    // Padding rows stay zero, as the reference's masked rows are.
    return torch::zeros({b * n, h * dv}, o.options())
        .index_copy(0, layout.rows, o)
        .view({b, n, h * dv});
}

HstuNet::HstuNet(const HstuConfig &config)
    : m_config(config)
{
    itemEmb = register_module("item_emb",
                              torch::nn::Embedding(
                                  torch::nn::EmbeddingOptions(config.numItems + 1, config.hidden)
                                      .padding_idx(0)));
    m_posEmb = register_module("pos_emb", torch::nn::Embedding(config.maxLen, config.hidden));
    m_embDrop = register_module("emb_drop", torch::nn::Dropout(config.dropout));
    for (std::int64_t l = 0; l < config.layers; ++l)
        layers.push_back(register_module("layer" + std::to_string(l), HstuLayer(config)));
    torch::NoGradGuard ng;
    // Truncated-normal-like small init of the embeddings, as the research code's init_weights.
    itemEmb->weight.normal_(0, 0.02);
    itemEmb->weight[0].zero_();
    m_posEmb->weight.normal_(0, 0.02);
}

void HstuNet::setCapture(bool on)
{
    for (auto &l : layers)
        l->capture = on;
}

torch::Tensor HstuNet::forward(const torch::Tensor &items,
                               const torch::Tensor &times,
                               const torch::Tensor &nextTimes)
{
    const auto n = items.size(1);
    HstuBatchLayout layout;
    layout.keep = items.ne(0);
    auto keepF = layout.keep.unsqueeze(-1).to(torch::kFloat32);
    auto positions
        = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(items.device()));
    auto x = itemEmb(items) * std::sqrt(double(m_config.hidden)) + m_posEmb(positions).unsqueeze(0);
    x = m_embDrop(x) * keepF;
    layout.fused = fusedAttentionAvailable(x,
                                           std::max(m_config.attentionDim, m_config.linearDim),
                                           items.size(0))
                   && !layers.empty() && !layers.front()->capture;
    if (layout.fused) {
        // Left-padded windows: the kept positions of a row are one run, so the row-major list
        // of kept positions is the jagged layout, and j − i is the same in both.
        layout.rows = layout.keep.reshape(-1).nonzero().squeeze(1);
        layout.offsets
            = torch::cat({torch::zeros({1}, layout.rows.options()), layout.keep.sum(1).cumsum(0)});
        layout.times
            = times.reshape(-1).index_select(0, layout.rows).to(torch::kInt64).contiguous();
        layout.nextTimes
            = nextTimes.reshape(-1).index_select(0, layout.rows).to(torch::kInt64).contiguous();
    } else {
        // Δ_ij = t_{i+1} − t_j: from key j to the time of the item query i predicts.
        layout.buckets = hstuTimeBuckets(nextTimes.unsqueeze(2) - times.unsqueeze(1)); // [B,n,n]
    }
    for (auto &layer : layers)
        x = layer(x, layout) * keepF;
    return x;
}

} // namespace recscope::core::detail
