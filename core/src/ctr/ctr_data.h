// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/dataset.h>
#include <recscope/core/experiment.h>
#include <recscope/core/export.h>
#include <recscope/core/split.h>
#include <recscope/sdk/ctr_model.h>

#include <span>
#include <vector>

namespace recscope::core::detail {

/// One sample: the user's behaviours before position `end` of their time-ordered sequence, a
/// target item and whether it was clicked (1) or sampled as a non-click (0).
struct CtrSample
{
    std::int64_t user = 0;
    std::int64_t end = 0;
    std::int64_t item = 0;
    float label = 0;
};

/// CTR samples cut from a sequential dataset and its split (DIN's protocol: every interaction
/// with at least one earlier behaviour is a positive target, each paired with sampled
/// negatives sharing its history). Samples index the user sequences; histories are gathered per
/// batch, so 1,000+ behaviours per sample cost no copies up front.
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
    /// Category (0-based, -1 none) of an item: its first category token.
    std::int32_t category(std::int64_t item) const { return m_category[std::size_t(item)] - 1; }
    std::int64_t historyLength(const CtrSample &s) const { return std::min(s.end, m_options.maxHistory); }
    /// Time of the sample's target interaction.
    std::int64_t targetTime(const CtrSample &s) const { return m_data.time[std::size_t(m_seq.of(s.user)[std::size_t(s.end)])]; }
    /// The dataset rows of a sample's history slots, oldest first (for the inspector).
    std::vector<std::int64_t> historyRows(const CtrSample &s) const;

private:
    const Dataset &m_data;
    CtrConfig m_options;
    sdk::CtrShape m_shape;
    UserSequences m_seq;
    std::vector<std::int32_t> m_category; ///< per item: first category + 1, 0 = none
};

/// Log-scale bucket of a time gap in seconds: 1 + ⌊log2(1 + gap)⌋ (0 is padding).
RS_CORE_TEST_EXPORT std::int64_t timeBucket(std::int64_t gapSeconds);

} // namespace recscope::core::detail
