// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/ctr_config.h>
#include <recscope/core/dataset.h>
#include <recscope/core/export.h>
#include <recscope/core/split.h>
#include <recscope/sdk/ctr_model.h>

#include <array>
#include <memory>
#include <random>
#include <span>
#include <vector>

namespace recscope::core::detail {

/// One sample: a target item, whether it was clicked (1) or sampled as a non-click (0), and the
/// behaviours its part may see before the target's interaction: the first `end` rows of the
/// user's time-ordered `view` (0: training rows, for training and validation samples; 1:
/// training + validation rows, for test samples — the histories the ranking evaluator uses).
struct CtrSample
{
    std::int64_t user = 0;
    std::int64_t end = 0;
    std::int64_t row = 0; ///< dataset row of the clicked interaction (a non-click shares it)
    std::int64_t item = 0;
    float label = 0;
    std::int8_t view = 0;
};

/// CTR samples cut from a sequential dataset and its split (DIN's protocol: every interaction
/// with at least one earlier visible behaviour is a positive target, each paired with sampled
/// negatives sharing its history). Nothing leaks from the future or from held-out parts: a
/// history holds only rows its part may see (a random-order split interleaves the parts in time),
/// and a negative is any item other than the target that those rows do not hold (items the user
/// touches later are fair non-clicks: the user had not clicked them then). Samples index per-user
/// views of the rows; histories are gathered per batch, so 1,000+ behaviours per sample cost no
/// copies up front.
class RS_CORE_TEST_EXPORT CtrData
{
public:
    CtrData(const Dataset &data, const Split &split, const CtrConfig &config, std::uint64_t seed);

    std::vector<CtrSample> train, valid, test;
    const sdk::CtrShape &shape() const { return m_shape; }
    void setDevice(torch::Device device) { m_shape.device = device; }
    const CtrConfig &config() const { return m_options; }

    sdk::CtrBatch batch(std::span<const CtrSample> samples) const;
    /// [B, T] bool: the planted relevance of each history slot to its target — same category
    /// as the target and among the relevanceWindow most recent behaviours (padding false).
    torch::Tensor relevance(std::span<const CtrSample> samples) const;
    /// [B, T] float: the learned-from-data correlation of each history slot with its target —
    /// the ground truth of the DARE paper's search check (Sec. 5.3, after TIN's semantic-temporal
    /// correlation). A slot's gain is max(0, PMI) of "a behaviour of category c at recency bucket
    /// r" with the click, given the target's category:
    ///   log[(n₁(c,r | cₜ) + 1) / (N₁(cₜ) + 1)] − log[(n₀(c,r | cₜ) + 1) / (N₀(cₜ) + 1)]
    /// where n_y counts such slots in training samples of label y and N_y counts those samples;
    /// r = ⌊log2(1 + distance from the target)⌋. It sees everything the data makes predictive
    /// (the generator's genre stays, taste and successor genres) without knowing the generator.
    /// Estimated once, on up to 20,000 training samples. Padding gets 0.
    torch::Tensor correlation(std::span<const CtrSample> samples) const;
    /// Category (0-based, -1 none) of an item: its first category token.
    std::int32_t category(std::int64_t item) const { return m_category[std::size_t(item)] - 1; }
    std::int64_t historyLength(const CtrSample &s) const
    {
        return std::min(s.end, m_options.maxHistory);
    }
    /// Time of the sample's target interaction.
    std::int64_t targetTime(const CtrSample &s) const { return m_data.time[std::size_t(s.row)]; }
    /// The dataset rows of a sample's history slots, oldest first (for the inspector).
    std::vector<std::int64_t> historyRows(const CtrSample &s) const;

private:
    const Dataset &m_data;
    CtrConfig m_options;
    sdk::CtrShape m_shape;
    UserSequences m_views[2]; ///< per user, time order: training rows; training + validation rows
    /// The rows of a sample's history slots, oldest first (at most maxHistory).
    std::span<const std::int64_t> history(const CtrSample &s) const;
    using FirstSeen = std::array<std::vector<std::int64_t>,
                                 2>; ///< per view and item: its first position, or max
    void addUserSamples(std::int64_t user,
                        std::span<const std::int64_t> rows,
                        const std::vector<std::int8_t> &part,
                        FirstSeen &firstSeen,
                        std::mt19937_64 &rng);
    std::vector<std::int32_t> m_category; ///< per item: first category + 1, 0 = none
    struct Correlation;
    mutable std::shared_ptr<const Correlation> m_correlation; ///< built on first use
    const Correlation &correlationTable() const;
};

/// Log-scale bucket of a time gap in seconds: 1 + ⌊log2(1 + gap)⌋ (0 is padding).
RS_CORE_TEST_EXPORT std::int64_t timeBucket(std::int64_t gapSeconds);

} // namespace recscope::core::detail
