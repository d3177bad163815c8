// SPDX-License-Identifier: MIT
#include "model/sampled_softmax.h"

#include <torch/nn/functional/normalization.h>

#include <vector>

namespace recscope::core::detail {

namespace F = torch::nn::functional;

torch::Tensor sampledSoftmaxLoss(const torch::Tensor &hidden,
                                 const torch::Tensor &positives,
                                 const torch::Tensor &itemTable,
                                 std::int64_t negatives,
                                 double temperature,
                                 std::mt19937_64 &rng)
{
    const auto unit = F::NormalizeFuncOptions().dim(-1);
    auto user = F::normalize(hidden, unit);                              // [N,d]
    auto pos = F::normalize(itemTable.index_select(0, positives), unit); // [N,d]
    std::uniform_int_distribution<std::int64_t> pick(1, itemTable.size(0) - 1);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(negatives));
    for (auto &j : ids)
        j = pick(rng);
    auto negIds = torch::tensor(ids, torch::kInt64).to(hidden.device());
    auto neg = F::normalize(itemTable.index_select(0, negIds), unit); // [R,d]
    auto posLogit = (user * pos).sum(-1, true) / temperature;         // [N,1]
    auto negLogit = torch::matmul(user, neg.t()) / temperature;       // [N,R]
    negLogit = negLogit.masked_fill(positives.unsqueeze(1).eq(negIds.unsqueeze(0)), -5e4);
    return -torch::log_softmax(torch::cat({posLogit, negLogit}, 1), 1).select(1, 0).mean();
}

torch::Tensor unitRows(const torch::Tensor &x)
{
    return F::normalize(x, F::NormalizeFuncOptions().dim(-1));
}

torch::Tensor cosineScores(const torch::Tensor &hidden, const torch::Tensor &itemTable)
{
    return torch::matmul(unitRows(hidden), unitRows(itemTable.slice(0, 1)).t());
}

} // namespace recscope::core::detail
