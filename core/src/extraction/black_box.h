// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <vector>

namespace recscope::core::detail {

/// Top-K item lists for batches of prefixes, one row per prefix.
using ItemLists = std::vector<std::vector<std::int64_t>>;

/// The victim as the attacker sees it: a sequence in, its top-K list out (items already in the
/// sequence excluded, as a deployed recommender does). Scores never leave; every prefix asked
/// counts as one query.
class RS_CORE_TEST_EXPORT BlackBox
{
public:
    BlackBox(sdk::Model &victim, std::int64_t numItems, int listLength);
    ItemLists topK(const std::vector<std::vector<std::int64_t>> &prefixes);
    std::int64_t queries() const { return m_queries; }
    int listLength() const { return m_listLength; }

private:
    sdk::Model &m_victim;
    std::int64_t m_numItems;
    int m_listLength;
    std::int64_t m_queries = 0;
};

/// Top-k of score rows [B, I] with the given items of each row excluded.
RS_CORE_TEST_EXPORT ItemLists maskedTopK(torch::Tensor scores, const std::vector<std::vector<std::int64_t>> &exclude, int k);

} // namespace recscope::core::detail
