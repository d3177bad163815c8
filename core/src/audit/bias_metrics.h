// SPDX-License-Identifier: MIT
#pragma once
// Item-side bias metrics of top-K lists, exactly as their libraries define them (research notes,
// ../shared/research/algorithms-audit.md §7). Lists hold dense item ids; membership sets are
// sorted item ids per user.

#include <recscope/core/export.h>

#include <cstdint>
#include <random>
#include <vector>

namespace recscope::core::detail {

using Lists = std::vector<std::vector<std::int64_t>>;

/// Elliot's short head (popularity_utils/popularity.py): items sorted by training popularity,
/// descending; the head is the smallest prefix whose cumulative popularity reaches headShare of
/// all training interactions; the rest is the long tail. Returns isTail per item.
RS_CORE_TEST_EXPORT std::vector<bool> longTail(const std::vector<std::int64_t> &popularity,
                                               double headShare = 0.8);

/// Elliot APLT@K: mean over users of |R_u ∩ tail| / |R_u|.
RS_CORE_TEST_EXPORT double aplt(const Lists &lists, const std::vector<bool> &isTail);
/// Elliot ACLT@K: mean over users of |R_u ∩ tail| (a count).
RS_CORE_TEST_EXPORT double aclt(const Lists &lists, const std::vector<bool> &isTail);
/// Elliot PopRSP@K: P_g = Σ_u |R_u ∩ g| / Σ_u |g \ train_u| for g ∈ {head, tail};
/// std(P_head, P_tail) / mean (population std). NaN when a denominator is 0.
RS_CORE_TEST_EXPORT double
popRsp(const Lists &lists, const Lists &train, const std::vector<bool> &isTail);
/// Elliot PopREO@K: as PopRSP with only test items: P_g = Σ_u |R_u ∩ g ∩ Test_u| /
/// Σ_u |(g ∩ Test_u) \ train_u|.
RS_CORE_TEST_EXPORT double
popReo(const Lists &lists, const Lists &test, const Lists &train, const std::vector<bool> &isTail);
/// Recommendation count per item over all lists.
RS_CORE_TEST_EXPORT std::vector<std::int64_t> exposureCounts(const Lists &lists, std::size_t items);
/// RecBole GiniIndex: counts sorted ascending, zeros padded to n items, C = Σ c:
/// G = Σ_j (2j − n − 1) c_(j) / (n C); higher = more concentrated.
RS_CORE_TEST_EXPORT double giniRecBole(std::vector<std::int64_t> counts);
/// Elliot Gini: 1 − Σ_j (2j − n − 1) c_(j) / ((n − 1) C); higher = more even.
RS_CORE_TEST_EXPORT double giniElliot(std::vector<std::int64_t> counts);
/// Lorenz curve of the exposure counts: cumulative share of items (x) against cumulative share of
/// recommendations (y), items sorted by ascending count; starts at (0, 0).
RS_CORE_TEST_EXPORT void lorenzCurve(std::vector<std::int64_t> counts,
                                     std::vector<double> &x,
                                     std::vector<double> &y,
                                     std::size_t points = 200);

/// Steck's calibration (RecSys'18): p(g|u) over the history, q(g|u) over the list (uniform
/// weights, p(g|i) = 1/|genres(i)|), q̃ = (1 − α)q + αp; C_KL = Σ_g p log(p / q̃), averaged over
/// users with a history and a list. itemGenres: the genre ids of each item.
RS_CORE_TEST_EXPORT double calibrationKl(const Lists &lists,
                                         const Lists &history,
                                         const std::vector<std::vector<std::int32_t>> &itemGenres,
                                         std::size_t genres,
                                         double alpha = 0.01);

/// A mean with a bootstrap 95% percentile interval (users resampled with replacement).
struct MeanInterval
{
    double mean = 0, low = 0, high = 0;
};
RS_CORE_TEST_EXPORT MeanInterval bootstrapMean(const std::vector<double> &values,
                                               int draws,
                                               std::mt19937_64 &rng);
/// The gap mean(a) − mean(b) with a bootstrap 95% interval, each group resampled within itself.
RS_CORE_TEST_EXPORT MeanInterval bootstrapGap(const std::vector<double> &a,
                                              const std::vector<double> &b,
                                              int draws,
                                              std::mt19937_64 &rng);

} // namespace recscope::core::detail
