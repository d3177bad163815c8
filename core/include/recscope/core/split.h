// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::core {

enum class SplitKind {
    LeaveOneOut, ///< per user by time: last → test, second last → validation (RecBole LS, TO)
    UserRatio,   ///< per user, time-ordered or random, by ratios (RecBole RS, group_by user)
    Temporal     ///< one global time cut: earliest rows train, latest test
};

struct RS_CORE_EXPORT SplitConfig
{
    SplitKind kind = SplitKind::LeaveOneOut;
    double trainRatio = 0.8, validRatio = 0.1, testRatio = 0.1;
    bool timeOrdered = true; ///< UserRatio only: false = random order per user (seeded)
    std::uint64_t seed = 2020;
};

/// Row indices into the dataset for each part. Within each part rows are grouped by user and
/// ordered by time, so per-user sequences can be read off directly.
struct RS_CORE_EXPORT Split
{
    std::vector<std::int64_t> train, valid, test;
    std::string describe() const;
};

RS_CORE_EXPORT const char *splitKindName(SplitKind kind);
RS_CORE_EXPORT SplitKind parseSplitKind(const std::string &name); // throws ConfigError

RS_CORE_EXPORT Split makeSplit(const Dataset &data, const SplitConfig &config);

} // namespace recscope::core
