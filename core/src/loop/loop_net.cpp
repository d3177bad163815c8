// SPDX-License-Identifier: MIT
#include "loop/loop_net.h"

#include <torch/nn/functional/loss.h>

namespace recscope::core::detail {

namespace F = torch::nn::functional;

LoopNetImpl::LoopNetImpl(std::int64_t contentDim, std::int64_t hidden)
{
    m_item = register_module("item", torch::nn::Linear(contentDim, hidden));
    m_gru
        = register_module("gru",
                          torch::nn::GRU(torch::nn::GRUOptions(hidden, hidden).batch_first(true)));
}

torch::Tensor LoopNetImpl::items(const torch::Tensor &content)
{
    return m_item(content);
}

torch::Tensor LoopNetImpl::users(const torch::Tensor &history, const torch::Tensor &lengths)
{
    auto out = std::get<0>(m_gru(m_item(history))); // [B, L, d]
    const auto last = (lengths - 1).view({-1, 1, 1}).expand({out.size(0), 1, out.size(2)});
    return out.gather(1, last).squeeze(1);
}

torch::Tensor LoopNetImpl::scores(const torch::Tensor &users, const torch::Tensor &candidates)
{
    return (users.unsqueeze(1) * items(candidates)).sum(-1);
}

namespace {

/// H(softmax(u)) over the embedding dimensions, averaged over the batch.
torch::Tensor entropy(const torch::Tensor &u)
{
    return -(u.softmax(-1) * u.log_softmax(-1)).sum(-1).mean();
}

} // namespace

torch::Tensor loopLoss(LoopNet &net,
                       const torch::Tensor &history,
                       const torch::Tensor &lengths,
                       const torch::Tensor &candidates,
                       const torch::Tensor &style,
                       const LoopLossSettings &settings)
{
    const auto user = net->users(history, lengths);
    const auto logits = net->scores(user, candidates);
    const auto clicked = torch::zeros({logits.size(0)}, torch::kInt64);
    auto loss = F::cross_entropy(logits, clicked);
    if (!settings.debias)
        return loss;
    const auto rewritten = net->scores(user, candidates + style);
    // R' on each real (non-padding) history position with probability disturbRatio.
    const auto positions = torch::arange(history.size(1)).unsqueeze(0).lt(lengths.unsqueeze(1));
    const auto disturb = torch::rand({history.size(0), history.size(1)})
                             .lt(settings.disturbRatio)
                             .logical_and(positions);
    const auto disturbedUser
        = net->users(history + disturb.unsqueeze(2).to(torch::kFloat32) * style, lengths);
    const auto userShifted = net->scores(disturbedUser, candidates);
    loss = loss + settings.newsLoss * F::l1_loss(logits, rewritten)
           + settings.userLoss
                 * (F::l1_loss(logits, userShifted) + entropy(user) + entropy(disturbedUser));
    return loss;
}

} // namespace recscope::core::detail
