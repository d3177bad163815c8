// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/evaluation.h>
#include <recscope/sdk/model.h>

#include <stop_token>
#include <vector>

namespace recscope::core::detail {

/// For each target item, its 1-based rank for every real user (id < realUsers) with a test target
/// who never interacted with it, known items masked (research notes §2, the VAT code's protocol).
std::vector<std::vector<std::int64_t>> targetRanks(sdk::Model &model,
                                                   const sdk::TrainData &train,
                                                   const sdk::UserItems &testHistory,
                                                   const sdk::UserItems &testTargets,
                                                   const std::vector<std::int64_t> &targets,
                                                   std::int64_t realUsers,
                                                   std::stop_token stop);

/// T-HR@K and T-NDCG@K for K 10, 20, 50 into out ("T-HR@50", ...).
void addTargetMetrics(const std::vector<std::vector<std::int64_t>> &ranks, MetricValues &out);

} // namespace recscope::core::detail
