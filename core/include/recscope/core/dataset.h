// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace recscope::core {

/// Multi-valued tokens per entity (e.g. item genres) in CSR form: tokens of entity e are
/// tokens[offsets[e] .. offsets[e+1]).
struct RS_CORE_EXPORT TokenSets
{
    std::string name;
    std::vector<std::string> vocabulary;
    std::vector<std::int64_t> offsets{0};
    std::vector<std::int32_t> tokens;

    std::span<const std::int32_t> of(std::int64_t entity) const;
    std::size_t entities() const { return offsets.size() - 1; }
    bool empty() const { return tokens.empty(); }
};

/// One side attribute column of users or items; categorical (codes into categories, -1 missing)
/// or numeric (NaN missing). A sensitive user attribute is one with sensitive = true.
struct RS_CORE_EXPORT AttributeColumn
{
    std::string name;
    bool numeric = false;
    bool sensitive = false;
    std::vector<std::string> categories;
    std::vector<std::int32_t> codes;
    std::vector<float> numbers;
};

/// Interaction data with dense ids (0..n-1); original ids are kept for display. Columnar so that
/// ten million rows stay compact (about 21 bytes a row).
struct RS_CORE_EXPORT Dataset
{
    std::string name;
    std::string source; ///< file or generator it came from

    std::vector<std::string> userIds;    ///< original id of dense user u
    std::vector<std::string> itemIds;    ///< original id of dense item i
    std::vector<std::string> itemTitles; ///< optional display names

    std::vector<std::int32_t> user;
    std::vector<std::int32_t> item;
    std::vector<std::int64_t> time;    ///< seconds, or the row order when the file has no time
    std::vector<float> value;          ///< rating, or 1 for implicit data
    std::vector<std::int8_t> feedback; ///< index into feedbackLevels; empty when single-level
    std::vector<std::string> feedbackLevels; ///< weakest first, e.g. click < cart < purchase
    /// The part of each row (0 train, 1 valid, 2 test) when the data came as split files (the
    /// "files" split); empty otherwise.
    std::vector<std::int8_t> part;

    bool hasTime = false;
    bool hasRating = false;

    std::vector<AttributeColumn> userAttributes;
    std::vector<AttributeColumn> itemAttributes;
    TokenSets itemCategories;            ///< genres / categories / tags, multi-valued
    std::vector<std::int8_t> itemSource; ///< 0 human-made, 1 AI-generated; empty when unknown
    int contentDim = 0;
    std::vector<float> itemContent; ///< [numItems * contentDim] content vectors

    std::size_t numUsers() const { return userIds.size(); }
    std::size_t numItems() const { return itemIds.size(); }
    std::size_t numInteractions() const { return user.size(); }

    const AttributeColumn *userAttribute(const std::string &name) const;
    const AttributeColumn *itemAttribute(const std::string &name) const;
    const AttributeColumn *sensitiveAttribute() const;

    /// Throws DataError when columns disagree in length or ids are out of range.
    void validate() const;
};

/// Per-user, time-ordered interaction row indices (ties keep file order), CSR form.
struct RS_CORE_EXPORT UserSequences
{
    std::vector<std::int64_t> offsets; ///< numUsers + 1
    std::vector<std::int64_t> rows;    ///< interaction row indices
    std::span<const std::int64_t> of(std::int64_t u) const;
};

RS_CORE_EXPORT UserSequences buildUserSequences(const Dataset &data);

/// Summary statistics a user looks at first.
struct RS_CORE_EXPORT DatasetStats
{
    std::size_t users = 0, items = 0, interactions = 0;
    double density = 0;
    double meanPerUser = 0, medianPerUser = 0, meanPerItem = 0;
    std::size_t minPerUser = 0, maxPerUser = 0, maxPerItem = 0;
    double itemGini = 0;   ///< Gini of item interaction counts (0 even, 1 concentrated)
    double top20Share = 0; ///< share of interactions on the 20% most popular items
    std::int64_t firstTime = 0, lastTime = 0;
    double meanRating = 0;
    std::vector<std::pair<std::string, std::size_t>> feedbackCounts;
};

RS_CORE_EXPORT DatasetStats computeStats(const Dataset &data);

} // namespace recscope::core
