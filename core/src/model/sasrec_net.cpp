// SPDX-License-Identifier: MIT
#include "model/sasrec_net.h"

#include "recscope/core/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>

#include <cmath>

namespace recscope::core::detail {

namespace F = torch::nn::functional;

CausalSelfAttentionImpl::CausalSelfAttentionImpl(std::int64_t hidden,
                                                 std::int64_t heads,
                                                 double dropout)
    : m_heads(heads)
{
    if (heads < 1 || hidden % heads != 0)
        throw ConfigError("n_heads", "must divide hidden_size (" + std::to_string(hidden) + ")");
    m_q = register_module("q", torch::nn::Linear(hidden, hidden));
    m_k = register_module("k", torch::nn::Linear(hidden, hidden));
    m_v = register_module("v", torch::nn::Linear(hidden, hidden));
    m_drop = register_module("drop", torch::nn::Dropout(dropout));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor &queries,
                                               const torch::Tensor &keys,
                                               const torch::Tensor &keyPad)
{
    const auto b = queries.size(0), n = queries.size(1), d = queries.size(2), dh = d / m_heads;
    auto split = [&](const torch::Tensor &x) {
        return x.view({b, n, m_heads, dh}).transpose(1, 2);
    }; // [B, h, n, dh]
    auto q = split(m_q(queries)), k = split(m_k(keys)), v = split(m_v(keys));
    auto logits = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(dh)); // [B, h, n, n]
    auto future
        = torch::ones({n, n}, torch::TensorOptions().dtype(torch::kBool).device(queries.device()))
              .triu(1);
    auto masked = future.view({1, 1, n, n}).logical_or(keyPad.view({b, 1, 1, n}));
    logits = logits.masked_fill(masked, -1e9);
    auto weights = torch::softmax(logits, -1);
    if (capture)
        lastWeights = weights.detach();
    auto out = torch::matmul(m_drop(weights), v); // [B, h, n, dh]
    return out.transpose(1, 2).reshape({b, n, d});
}

SasRecNet::SasRecNet(const SasRecConfig &config)
    : m_config(config)
{
    const auto d = config.hidden;
    itemEmb
        = register_module("item_emb",
                          torch::nn::Embedding(
                              torch::nn::EmbeddingOptions(config.numItems + 1, d).padding_idx(0)));
    m_posEmb = register_module("pos_emb", torch::nn::Embedding(config.maxLen, d));
    m_embDrop = register_module("emb_drop", torch::nn::Dropout(config.dropout));
    auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-8)); };
    for (std::int64_t l = 0; l < config.layers; ++l) {
        const auto s = std::to_string(l);
        m_attnNorm.push_back(register_module("attn_norm" + s, ln()));
        m_attn.push_back(
            register_module("attn" + s, CausalSelfAttention(d, config.heads, config.dropout)));
        m_ffnNorm.push_back(register_module("ffn_norm" + s, ln()));
        m_ffn1.push_back(register_module("ffn1_" + s, torch::nn::Linear(d, d)));
        m_ffn2.push_back(register_module("ffn2_" + s, torch::nn::Linear(d, d)));
        m_ffnDrop1.push_back(register_module("ffn_drop1_" + s, torch::nn::Dropout(config.dropout)));
        m_ffnDrop2.push_back(register_module("ffn_drop2_" + s, torch::nn::Dropout(config.dropout)));
    }
    m_lastNorm = register_module("last_norm", ln());
    // Xavier-normal on every matrix, as the PyTorch port of the official code does.
    for (auto &p : parameters())
        if (p.dim() >= 2)
            torch::nn::init::xavier_normal_(p);
    torch::NoGradGuard noGrad;
    itemEmb->weight[0].zero_();
}

void SasRecNet::setCapture(bool on)
{
    for (auto &a : m_attn)
        a->capture = on;
}

std::vector<torch::Tensor> SasRecNet::capturedWeights() const
{
    std::vector<torch::Tensor> out;
    for (const auto &a : m_attn)
        out.push_back(a->lastWeights);
    return out;
}

torch::Tensor SasRecNet::forward(const torch::Tensor &items)
{
    const auto n = items.size(1);
    auto pad = items.eq(0);                                          // [B, n]
    auto keep = pad.logical_not().unsqueeze(-1).to(torch::kFloat32); // [B, n, 1]
    auto positions
        = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(items.device()));
    auto x = itemEmb(items) * std::sqrt(double(m_config.hidden)) + m_posEmb(positions).unsqueeze(0);
    x = m_embDrop(x) * keep;
    for (std::size_t l = 0; l < m_attn.size(); ++l) {
        auto q = m_attnNorm[l](x);
        x = q + m_attn[l](q, x, pad);
        x = m_ffnNorm[l](x);
        x = x + m_ffnDrop2[l](m_ffn2[l](torch::relu(m_ffnDrop1[l](m_ffn1[l](x)))));
        x = x * keep;
    }
    return m_lastNorm(x); // [B, n, d]
}

core::ParamSchema sasRecNetParams()
{
    core::ParamSchema s;
    s.add({"hidden_size",
           ParamType::Int,
           std::int64_t(50),
           1,
           4096,
           {},
           "Embedding and hidden size d"});
    s.add({"max_len",
           ParamType::Int,
           std::int64_t(50),
           2,
           4096,
           {},
           "Most recent items the model reads (n)"});
    s.add({"n_layers", ParamType::Int, std::int64_t(2), 1, 16, {}, "Self-attention blocks"});
    s.add({"n_heads",
           ParamType::Int,
           std::int64_t(1),
           1,
           64,
           {},
           "Attention heads (must divide hidden_size)"});
    return s;
}

} // namespace recscope::core::detail
