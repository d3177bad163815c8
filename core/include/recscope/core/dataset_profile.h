// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"

#include <string>
#include <utility>
#include <vector>

namespace recscope::core {

/// (x, y) points of one distribution, ready to plot.
struct RS_CORE_EXPORT Curve
{
    std::vector<double> x, y;
};

/// Counts per named category, e.g. interactions per genre.
struct RS_CORE_EXPORT Breakdown
{
    std::string name;                                         ///< attribute or token set
    std::vector<std::pair<std::string, double>> entities;     ///< users or items per category
    std::vector<std::pair<std::string, double>> interactions; ///< rows per category
};

/// The distributions the dataset overview plots, computed in one pass over the rows.
struct RS_CORE_EXPORT DatasetProfile
{
    Curve
        popularityByRank; ///< item interaction count by popularity rank (1-based), log-spaced ranks
    Curve userActivity; ///< users per activity bin; x = bin's lower edge (log2 bins: 1, 2, 4, ...)
    Curve sequenceLengthCdf; ///< share of users whose sequence has <= x interactions
    std::vector<std::pair<std::string, double>>
        valueCounts; ///< rows per rating value or feedback level
    Curve overTime;  ///< rows per time bucket; x = bucket start (seconds or row order)
    std::vector<Breakdown> userBreakdowns; ///< per categorical user attribute
    std::vector<Breakdown> itemBreakdowns; ///< per categorical item attribute, categories, source
};

/// timeBuckets: how many equal-width buckets the time axis gets.
RS_CORE_EXPORT DatasetProfile profileDataset(const Dataset &data, int timeBuckets = 60);

} // namespace recscope::core
