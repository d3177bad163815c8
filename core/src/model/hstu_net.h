// SPDX-License-Identifier: MIT
#pragma once

#include "kernels/hstu_attention.h"

#include <recscope/core/export.h>

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include <vector>

namespace recscope::core::detail {

struct HstuConfig
{
    std::int64_t hidden = 50, maxLen = 200, layers = 2, heads = 1, attentionDim = 50,
                 linearDim = 50;
    double dropout = 0.2;
    std::int64_t numItems = 0; ///< item ids are shifted by one; row 0 is padding
};

/// One batch's layout, computed once for every layer: the padding mask, and either the time
/// buckets of every pair (the reference path, which the attention maps need) or the jagged rows
/// the fused kernel reads (kernels/hstu_attention.h).
struct HstuBatchLayout
{
    torch::Tensor keep;    ///< [B, n] bool: not padding
    torch::Tensor buckets; ///< [B, n, n] int64 time buckets (reference path)
    bool fused = false;
    torch::Tensor rows; ///< [L] flat indices of the kept positions, in order (fused path)
    torch::Tensor offsets, times, nextTimes; ///< [B + 1], [L], [L] (fused path)
};

/// One HSTU layer (Zhai et al., "Actions Speak Louder than Words", ICML 2024, Eqs. 1–3; research
/// code generative_recommenders/research/modeling/sequential/hstu.py): X̃ = LayerNorm(X) without
/// affine; U, V, Q, K = split(SiLU(X̃ W + b)); A = SiLU(Q Kᵀ + rab_pos(j − i) + rab_time(bucket(
/// t_{i+1} − t_j))) / N with the causal and padding mask (pointwise, no softmax);
/// Y = X + W_o Dropout(U ⊙ LayerNorm(A V)).
class RS_CORE_TEST_EXPORT HstuLayerImpl : public torch::nn::Module
{
public:
    HstuLayerImpl(const HstuConfig &c);
    /// x [B, n, d] → [B, n, d]. The fused kernel computes the attention unless capture is on.
    torch::Tensor forward(const torch::Tensor &x, const HstuBatchLayout &layout);
    torch::Tensor lastWeights; ///< [B, H, n, n] of the last forward when capture is on
    bool capture = false;

    torch::nn::Linear uvqk{nullptr}, out{nullptr};
    torch::Tensor positionBias; ///< [2N − 1], index N − 1 + (j − i)
    torch::Tensor timeBias;     ///< [129]

private:
    /// A·V, [B, n, H·d_v], from the padded [B, H, n, n] weights (reference, attention maps).
    torch::Tensor attendPadded(const torch::Tensor &q,
                               const torch::Tensor &k,
                               const torch::Tensor &v,
                               const HstuBatchLayout &layout);
    /// The same through the fused jagged kernel, never forming an n × n matrix.
    torch::Tensor attendFused(const torch::Tensor &q,
                              const torch::Tensor &k,
                              const torch::Tensor &v,
                              const HstuBatchLayout &layout);
    HstuConfig m_c;
    torch::nn::Dropout m_drop{nullptr};
};
TORCH_MODULE(HstuLayer);

class RS_CORE_TEST_EXPORT HstuNet : public torch::nn::Module
{
public:
    explicit HstuNet(const HstuConfig &config);
    /// items [B, n] (0 = padding), times [B, n] of each item, nextTimes [B, n] of the item each
    /// position predicts → hidden states [B, n, d] (not normalised).
    torch::Tensor
    forward(const torch::Tensor &items, const torch::Tensor &times, const torch::Tensor &nextTimes);
    void setCapture(bool on);
    std::vector<HstuLayer> layers;
    torch::nn::Embedding itemEmb{nullptr};

private:
    HstuConfig m_config;
    torch::nn::Embedding m_posEmb{nullptr};
    torch::nn::Dropout m_embDrop{nullptr};
};

} // namespace recscope::core::detail
