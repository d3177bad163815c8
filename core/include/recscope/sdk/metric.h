// SPDX-License-Identifier: MIT
#pragma once
// A top-K ranking metric added by a plugin (plugins/README.md). Qt- and LibTorch-free.

#include <recscope/core/extension_info.h>

#include <cstdint>
#include <span>

namespace recscope::sdk {

/// What a metric may know besides one user's list: the catalogue and the training popularity.
struct MetricContext
{
    std::int64_t numItems = 0;
    std::int64_t numTrainUsers = 0;
    std::span<const std::int64_t> itemTrainCounts; ///< training interactions per item [numItems]
};

/// A per-user metric of a ranked list, averaged over the evaluated users by the evaluator, at
/// every K of the spec's eval.ks (stored as "<name>@K").
class RankingMetric
{
public:
    virtual ~RankingMetric() = default;
    virtual core::MetricInfo info() const = 0;
    /// ranked: the user's top-K item ids, best first (K = the cut-off; fewer when the catalogue
    /// is smaller). relevant: the user's held-out items, sorted, unique, never empty. Called
    /// from the evaluating thread only; must not throw for valid input.
    virtual double user(std::span<const std::int64_t> ranked,
                        std::span<const std::int64_t> relevant,
                        const MetricContext &context) const = 0;
};

} // namespace recscope::sdk
