// SPDX-License-Identifier: MIT
#pragma once
// The feedback loop's recommender: a content-based sequential model as in the official code
// (Rec_SourceBias: frozen text vectors, a trainable sequence encoder over the last clicks, score
// = dot(user, item)). Simplifications, said here and in the README: the frozen PLM vector is
// the dataset's content vector; items get a trainable linear projection of it; the user encoder
// is a GRU (GRU4Rec, one of the paper's encoders) rather than BERT4Rec.

#include <recscope/core/export.h>

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

namespace recscope::core::detail {

class RS_CORE_TEST_EXPORT LoopNetImpl : public torch::nn::Module
{
public:
    LoopNetImpl(std::int64_t contentDim, std::int64_t hidden);
    /// Item vectors [..., d] of content [..., contentDim].
    torch::Tensor items(const torch::Tensor &content);
    /// User vectors [B, d] of history content [B, L, contentDim] (right-padded) with lengths [B].
    torch::Tensor users(const torch::Tensor &history, const torch::Tensor &lengths);
    /// Scores [B, S] of users [B, d] for candidate content [B, S, contentDim].
    torch::Tensor scores(const torch::Tensor &users, const torch::Tensor &candidates);

private:
    torch::nn::Linear m_item{nullptr};
    torch::nn::GRU m_gru{nullptr};
};
TORCH_MODULE(LoopNet);

/// The loss of one batch. plain: softmax cross-entropy with the clicked candidate in column 0
/// (the code's 1 positive + negative_sampling_ratio negatives). debias adds the paper's
/// black-box debiasing (train_debias_double_align_epoch): λ_n·L1(ŷ, ŷ(R(candidates))) +
/// λ_u·[L1(ŷ, ŷ(user(R'(history)))) + H(softmax(u)) + H(softmax(u'))], R the rewrite operator
/// (x ↦ x + δ) and R' applying it to each history item with probability disturbRatio.
struct LoopLossSettings
{
    bool debias = false;
    double newsLoss = 1.0, userLoss = 0.01, disturbRatio = 0.5;
};
RS_CORE_TEST_EXPORT torch::Tensor loopLoss(LoopNet &net,
                                           const torch::Tensor &history,
                                           const torch::Tensor &lengths,
                                           const torch::Tensor &candidates,
                                           const torch::Tensor &style,
                                           const LoopLossSettings &settings);

} // namespace recscope::core::detail
