// SPDX-License-Identifier: MIT
#include "model/hstu_net.h"

#include "recscope/core/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/normalization.h>
#include <torch/nn/init.h>

#include <cmath>

namespace recscope::core::detail {

namespace F = torch::nn::functional;

torch::Tensor hstuTimeBuckets(const torch::Tensor &delta)
{
    auto d = delta.abs().clamp_min(1).to(torch::kFloat64);
    return (torch::log(d) / 0.301).floor().clamp(0, 128).to(torch::kInt64);
}

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

torch::Tensor HstuLayerImpl::forward(const torch::Tensor &x,
                                     const torch::Tensor &keep,
                                     const torch::Tensor &buckets)
{
    const auto b = x.size(0), n = x.size(1), h = m_c.heads, dv = m_c.linearDim,
               dqk = m_c.attentionDim;
    auto normed = F::layer_norm(x, F::LayerNormFuncOptions({m_c.hidden}).eps(1e-6));
    auto proj = F::silu(uvqk(normed));
    auto parts = proj.split_with_sizes({h * dv, h * dv, h * dqk, h * dqk}, -1);
    auto u = parts[0];
    auto v = parts[1].view({b, n, h, dv}).transpose(1, 2);  // [B,H,n,dv]
    auto q = parts[2].view({b, n, h, dqk}).transpose(1, 2); // [B,H,n,dqk]
    auto k = parts[3].view({b, n, h, dqk}).transpose(1, 2);
    auto logits = torch::matmul(q, k.transpose(-2, -1)); // [B,H,n,n]
    // Relative position bias w[N − 1 + (j − i)], the same for every head (one table per layer).
    auto idx = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(x.device()));
    auto rel = idx.view({1, n}) - idx.view({n, 1}) + (m_c.maxLen - 1); // [n,n]: j − i
    logits = logits + positionBias.index({rel}).view({1, 1, n, n})
             + timeBias.index({buckets}).unsqueeze(1);
    auto causal
        = torch::ones({n, n}, torch::TensorOptions().dtype(torch::kBool).device(x.device())).tril();
    auto mask = causal.view({1, 1, n, n}).logical_and(keep.view({b, 1, 1, n})).to(logits.dtype());
    auto weights = F::silu(logits) / double(n) * mask; // pointwise aggregation, divided by N
    if (capture)
        lastWeights = weights.detach();
    auto av = torch::matmul(weights, v).transpose(1, 2).reshape({b, n, h * dv});
    av = F::layer_norm(av, F::LayerNormFuncOptions({h * dv}).eps(1e-6));
    return x + out(m_drop(u * av));
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
    auto keep = items.ne(0);
    auto keepF = keep.unsqueeze(-1).to(torch::kFloat32);
    auto positions
        = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(items.device()));
    auto x = itemEmb(items) * std::sqrt(double(m_config.hidden)) + m_posEmb(positions).unsqueeze(0);
    x = m_embDrop(x) * keepF;
    // Δ_ij = t_{i+1} − t_j: from key j to the time of the item query i predicts.
    auto buckets = hstuTimeBuckets(nextTimes.unsqueeze(2) - times.unsqueeze(1)); // [B,n,n]
    for (auto &layer : layers)
        x = layer(x, keep, buckets) * keepF;
    return x;
}

} // namespace recscope::core::detail
