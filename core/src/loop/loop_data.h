// SPDX-License-Identifier: MIT
#pragma once
// What the source feedback loop trains and tests on: paired human/AI twins of every item and
// impressions built from the split (../shared/research/algorithms-audit.md §0 and §3).

#include <recscope/core/dataset.h>
#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <torch/types.h>

#include <random>

namespace recscope::core::detail {

/// Every item's two versions as rows of one table: row i is item i's human-written content,
/// row i + numItems + 1 its AI-generated twin; row numItems (and its twin row) is padding.
/// The AI twin is the human content plus the style offset δ = mean(AI content) − mean(human
/// content) of the dataset, so twins share their item id and differ only by source (the paired
/// HGC/AIGC versions of the official data). The paper's LLM rewrite operator R is x ↦ x + δ.
struct SourceTwins
{
    torch::Tensor table; ///< [2 (numItems + 1), contentDim] float
    torch::Tensor style; ///< δ [contentDim]
    std::int64_t numItems = 0;
    double aiShare = 0; ///< share of the dataset's items labelled AI-generated

    std::int64_t padding() const { return numItems; }
    std::int64_t aiOffset() const
    {
        return numItems + 1;
    } ///< row of item i's AI twin: i + aiOffset()
};

/// ConfigError("run") naming what is missing when the dataset has no content vectors or no
/// items of one of the two sources.
RS_CORE_TEST_EXPORT SourceTwins makeSourceTwins(const Dataset &data);

/// Impressions: a history of up to L items (time order, right-padded), and the items shown with
/// column 0 the one the user went on to consume. Ids are item ids (human twins).
struct RS_CORE_TEST_EXPORT Impressions
{
    torch::Tensor history; ///< [N, L] int64, padding = numItems
    torch::Tensor lengths; ///< [N] int64, ≥ 1
    torch::Tensor shown;   ///< [N, S] int64
    std::int64_t size() const { return history.defined() ? history.size(0) : 0; }
    Impressions rows(const torch::Tensor &index) const;
};

/// Every (user, position ≥ 1) of the training sequences whose position has parity `half` (the
/// official code alternates two halves of the logs between rounds), with S − 1 other items drawn
/// uniformly as the rest of the impression.
RS_CORE_TEST_EXPORT Impressions trainImpressions(const sdk::UserItems &sequences,
                                                 std::int64_t numItems,
                                                 int historyLength,
                                                 int shown,
                                                 int half,
                                                 std::mt19937_64 &rng);

/// One impression per user with a test item: the last L known items and the test item among
/// candidates − 1 items the user never touched.
Impressions testImpressions(const sdk::UserItems &history,
                            const sdk::UserItems &targets,
                            std::int64_t numItems,
                            int historyLength,
                            int candidates,
                            std::mt19937_64 &rng);

} // namespace recscope::core::detail
