// SPDX-License-Identifier: MIT
#pragma once
// Hyper-parameter sweeps: the values each swept parameter takes (a model entry's "sweep"), how
// trials are drawn from them (the spec's "sweep"), and how one is selected — on validation only.

#include "recscope/core/params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::core {

/// Values one swept parameter takes: a list, or a range whose bounds default to the parameter
/// schema's and whose spacing is logarithmic when the schema marks the parameter so.
struct RS_CORE_EXPORT ParamRange
{
    std::string name;
    std::vector<ParamValue> values; ///< explicit values; empty = the range below
    double min = 0, max = 0;
    bool log = false;
    int steps = 4; ///< grid points over a range
};

enum class SweepMethod {
    Grid,
    Random
};

RS_CORE_EXPORT const char *sweepMethodName(SweepMethod method);

/// How trials are drawn and judged (spec key "sweep").
struct RS_CORE_EXPORT SweepConfig
{
    SweepMethod method = SweepMethod::Grid;
    int trials = 0; ///< budget: 0 = every grid point (at most kMaxTrials), or 10 random draws
    std::uint64_t seed = 1; ///< of the random draws
    std::string metric; ///< the validation metric selected on; the spec's valid_metric when empty
    static constexpr int kMaxTrials = 1000;
};

/// The trial configurations of a model entry: each is `base` with the swept parameters set,
/// validated against the schema. ConfigError naming "<context>.sweep.<param>" or "sweep.trials".
RS_CORE_EXPORT std::vector<ParamSet> planTrials(const ParamSchema &schema,
                                                const ParamSet &base,
                                                const std::vector<ParamRange> &ranges,
                                                const SweepConfig &config,
                                                const std::string &context);

/// The trial whose validation values (one per seed) have the best mean; the earlier trial wins a
/// tie; -1 when no trial has a value. Selection sees validation values only — test metrics are
/// not an input.
RS_CORE_EXPORT int selectTrial(const std::vector<std::vector<double>> &validPerTrial);

/// "learning_rate=0.01, embedding_size=64": the swept values of a trial, for labels and tables.
RS_CORE_EXPORT std::string describeTrial(const ParamSet &trial,
                                         const std::vector<ParamRange> &ranges);

} // namespace recscope::core
