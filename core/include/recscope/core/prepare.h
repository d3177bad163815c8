// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"

#include <optional>
#include <string>

namespace recscope::core {

/// Preparation steps applied after loading, in this order: threshold, de-duplication, k-core.
struct RS_CORE_EXPORT PrepareOptions
{
    /// Explicit → implicit: keep rows with value >= threshold, then set value to 1.
    std::optional<float> implicitThreshold;
    /// Keep one row per (user, item): the latest in time (RecBole keeps the first; see README).
    bool dedupe = false;
    /// Iterative k-core: repeat until every user has >= userCore rows and every item >= itemCore.
    int userCore = 0;
    int itemCore = 0;
};

struct RS_CORE_EXPORT PrepareReport
{
    std::size_t rowsIn = 0, belowThreshold = 0, duplicates = 0, kcoreRemoved = 0, rowsOut = 0;
    std::size_t usersOut = 0, itemsOut = 0;
    int kcoreRounds = 0;
    std::string summary() const;
};

/// Applies the options and remaps ids densely, dropping users and items left without rows while
/// keeping their original ids, titles, attributes and content.
RS_CORE_EXPORT Dataset prepareDataset(const Dataset &data,
                                      const PrepareOptions &options,
                                      PrepareReport *report = nullptr);

/// Keeps only the given interaction rows and remaps to dense ids (used by prepare and tests).
RS_CORE_EXPORT Dataset subsetInteractions(const Dataset &data,
                                          const std::vector<std::int64_t> &rows);

} // namespace recscope::core
