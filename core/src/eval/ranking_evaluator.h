// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/evaluation.h>
#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <functional>
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
