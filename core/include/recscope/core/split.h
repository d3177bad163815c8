// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace recscope::core {

enum class SplitKind {
    LeaveOneOut, ///< per user by time: last → test, second last → validation (RecBole LS, TO)
    UserRatio,   ///< per user, time-ordered or random, by ratios (RecBole RS, group_by user)
    Temporal,    ///< one global time cut: earliest rows train, latest test
    Files        ///< given: the dataset came as train/valid/test files (Dataset::part)
};

struct RS_CORE_EXPORT SplitConfig
{
    SplitKind kind = SplitKind::LeaveOneOut;
    double trainRatio = 0.8, validRatio = 0.1, testRatio = 0.1;
    bool timeOrdered = true; ///< UserRatio only: false = random order per user (seeded)
    /// LeaveOneOut only: a user with exactly two rows keeps both in training (false, the
    /// default: no validation item, so nothing to select on) or, as RecBole does, gives the
    /// last to test (true; spec "two_row_users": "test").
    bool twoRowUsersToTest = false;
    /// Files only: the train, valid and test files; empty paths are derived from the dataset's
    /// path (RecBole's benchmark names NAME.train.inter, …; NAME.train.csv for NAME.csv).
    std::array<std::filesystem::path, 3> files;
    /// Files only: a validation or test user without training rows is an error (false: usually
    /// files from different preparations) or kept (true, spec "cold_users": "keep": a temporal
    /// split has such users).
    bool keepColdUsers = false;
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

/// The parts of a dataset; for SplitKind::Files the rows' Dataset::part (ConfigError when the
/// dataset was not loaded from split files).
RS_CORE_EXPORT Split makeSplit(const Dataset &data, const SplitConfig &config);

} // namespace recscope::core
