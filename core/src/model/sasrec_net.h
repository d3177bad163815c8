// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/core/params.h>

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <vector>

namespace recscope::core::detail {

struct SasRecConfig
{
    std::int64_t hidden = 50, maxLen = 50, layers = 2, heads = 1;
    double dropout = 0.5;
    std::int64_t numItems = 0; ///< item ids are shifted by one; row 0 is padding
};

/// Causal multi-head self-attention with the SASRec masking: keys of padding and of future
/// positions get a large negative logit (finite, so an all-padding row stays defined).
class RS_CORE_TEST_EXPORT CausalSelfAttentionImpl : public torch::nn::Module
{
public:
    CausalSelfAttentionImpl(std::int64_t hidden, std::int64_t heads, double dropout);
    /// queries [B, n, d] (normalised), keys [B, n, d], keyPad [B, n] true at padding.
    torch::Tensor
    forward(const torch::Tensor &queries, const torch::Tensor &keys, const torch::Tensor &keyPad);
    torch::Tensor lastWeights; ///< [B, h, n, n] of the last forward when capture is on
    bool capture = false;

private:
    std::int64_t m_heads;
    torch::nn::Linear m_q{nullptr}, m_k{nullptr}, m_v{nullptr};
    torch::nn::Dropout m_drop{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

class RS_CORE_TEST_EXPORT SasRecNet : public torch::nn::Module
{
public:
    explicit SasRecNet(const SasRecConfig &config);
    /// items [B, n] (0 = padding) → hidden states [B, n, d].
    torch::Tensor forward(const torch::Tensor &items);

    torch::nn::Embedding itemEmb{nullptr};
    /// Keeps each block's attention weights from the next forward calls (lastWeights).
    void setCapture(bool on);
    std::vector<torch::Tensor> capturedWeights() const;

private:
    SasRecConfig m_config;
    torch::nn::Embedding m_posEmb{nullptr};
    torch::nn::Dropout m_embDrop{nullptr};
    std::vector<torch::nn::LayerNorm> m_attnNorm, m_ffnNorm;
    std::vector<CausalSelfAttention> m_attn;
    std::vector<torch::nn::Linear> m_ffn1, m_ffn2;
    std::vector<torch::nn::Dropout> m_ffnDrop1, m_ffnDrop2;
    torch::nn::LayerNorm m_lastNorm{nullptr};
};

/// The network's size: hidden_size, max_len, n_layers and n_heads with the official code's
/// defaults (50, 50, 2, 1); each model adds its dropout, loss and training parameters.
core::ParamSchema sasRecNetParams();

} // namespace recscope::core::detail
