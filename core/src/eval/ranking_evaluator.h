// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/evaluation.h>
#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <functional>
#include <span>
#include <stop_token>

namespace recscope::core::detail {

/// Item-side facts the beyond-accuracy metrics need, taken from the training part.
struct ItemFacts
{
    torch::Tensor rowCounts; ///< [I] training rows per item (RecBole's count_items)
    torch::Tensor userShare; ///< [I] share of training users who interacted with the item
    torch::Tensor
        features; ///< [I, F] L2-normalised genre multi-hot or content vectors, or undefined
};

RS_CORE_TEST_EXPORT ItemFacts makeItemFacts(const sdk::TrainData &data, torch::Device device);

/// Per-user hit matrix → accuracy metric sums (tested against hand-computed values).
/// hits [B, K] float 0/1 of the ranked list, positives [B] number of relevant items.
struct AccuracySums
{
    std::map<std::string, double> sums; ///< "NDCG@10" → sum over users
    std::int64_t users = 0;
};
RS_CORE_TEST_EXPORT void accumulateAccuracy(const torch::Tensor &hits,
                                            const torch::Tensor &positives,
                                            const EvalConfig &config,
                                            AccuracySums &out);

/// Each user's items to leave out of a ranking, in CSR form (ascending and distinct per user).
struct Exclusions
{
    std::vector<std::int64_t> offsets{0}, items;
    /// Appends the next user's items (any order, repeats allowed).
    void add(std::span<const std::int64_t> userItems);
};

/// The k best items per user, [B, k] int64 on the model's device, best first: the fused top-K
/// kernel (kernels/masked_topk.h) when the model's scores are a product of factors
/// (Model::scoreFactors), else its [B, I] scores with the excluded items at −∞ and topk. What
/// full-ranking evaluation, audits and model extraction rank with.
RS_CORE_TEST_EXPORT torch::Tensor rankTopItems(sdk::Model &model,
                                               const torch::Tensor &users,
                                               const sdk::UserItems &history,
                                               const Exclusions &excluded,
                                               int k);

/// Full (or sampled) ranking evaluation of a model: users with at least one target are scored
/// in batches on the model's device, known items masked, top-K taken, metrics accumulated.
RS_CORE_TEST_EXPORT MetricValues evaluateRanking(sdk::Model &model,
                                                 const sdk::TrainData &data,
                                                 const sdk::UserItems &history,
                                                 const sdk::UserItems &targets,
                                                 const EvalConfig &config,
                                                 const ItemFacts &facts,
                                                 std::stop_token stop = {},
                                                 const std::function<void(double)> &progress = {});

} // namespace recscope::core::detail
