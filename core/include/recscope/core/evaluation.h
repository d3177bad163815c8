// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace recscope::sdk {
class RankingMetric;
}

namespace recscope::core {

/// What to evaluate. Ranking metrics are computed at every K in ks ("NDCG@10", "NDCG@20").
struct RS_CORE_EXPORT EvalConfig
{
    std::vector<std::string> metrics{"Recall", "MRR", "NDCG", "Hit", "Precision"};
    std::vector<int> ks{10};
    /// Remove the user's known items from the candidates (train; train + valid when testing).
    bool maskHistory = true;
    /// 0 = full ranking over all items; N > 0 = rank each positive against N sampled
    /// negatives the user never interacted with (recorded with the results).
    int sampledNegatives = 0;
    int userBatch = 2048; ///< users scored per batch (memory: userBatch * items floats)
    std::uint64_t seed = 7;
    /// Metrics among `metrics` that plugins provide, resolved from the registry when the spec
    /// is read (the spec stores their names only).
    std::vector<std::shared_ptr<const sdk::RankingMetric>> pluginMetrics;

    /// Throws ConfigError naming the unknown metric or bad K.
    void validate(const std::string &context) const;
    /// Throws ConfigError("eval.ks") when a cut-off exceeds the catalogue: a top-K list of more
    /// items than exist has no meaning, and silently dropping the K would hide it.
    void checkCatalogue(std::int64_t numItems) const;
    int maxK() const;
};

using MetricValues = std::map<std::string, double>;

/// The metric names the ranking evaluator understands.
RS_CORE_EXPORT const std::vector<std::string> &rankingMetricNames();
/// Beyond-accuracy names among them (computed from the top-K lists of all users).
RS_CORE_EXPORT bool isBeyondAccuracyMetric(const std::string &name);

// CTR-style metrics over (score, label) pairs. Ties count half, as in the Mann-Whitney U.

/// Area under the ROC curve; NaN when only one class is present.
RS_CORE_EXPORT double auc(std::span<const float> scores, std::span<const float> labels);
/// Per-group AUC weighted by the group's number of rows, over groups with both classes
/// (DIN, Zhou et al. 2018, Eq. 6; RecBole's GAUC weights by positives+negatives likewise).
RS_CORE_EXPORT double gauc(std::span<const float> scores,
                           std::span<const float> labels,
                           std::span<const std::int64_t> groups);
/// Mean binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7].
RS_CORE_EXPORT double logLoss(std::span<const float> probabilities, std::span<const float> labels);

} // namespace recscope::core
