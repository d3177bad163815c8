// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <vector>

namespace recscope::core::detail {

/// Top-K item lists for batches of prefixes, one row per prefix.
using ItemLists = std::vector<std::vector<std::int64_t>>;
/// Item sequences, or in step with them the time of each item (seconds; row order when the data
/// has no clock).
using Sequences = std::vector<std::vector<std::int64_t>>;

/// The victim as the attacker sees it: a sequence with the time of each item in, its top-K list
/// out (items already in the sequence excluded, as a deployed recommender does). Scores never
/// leave; every prefix asked counts as one query. The times matter to time-aware victims (HSTU's
/// time-bucket bias), so callers pass real or realistic ones.
class RS_CORE_TEST_EXPORT BlackBox
{
public:
    BlackBox(sdk::Model &victim, std::int64_t numItems, int listLength);
    /// times[b] holds the time of each item of prefixes[b].
    ItemLists topK(const Sequences &prefixes, const Sequences &times);
    std::int64_t queries() const { return m_queries; }
    int listLength() const { return m_listLength; }

private:
    sdk::Model &m_victim;
    std::int64_t m_numItems;
    int m_listLength;
    std::int64_t m_queries = 0;
};

/// Top-k of score rows [B, I] with the given items of each row excluded.
RS_CORE_TEST_EXPORT ItemLists maskedTopK(torch::Tensor scores,
                                         const std::vector<std::vector<std::int64_t>> &exclude,
                                         int k);

} // namespace recscope::core::detail
