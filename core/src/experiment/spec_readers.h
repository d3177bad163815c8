// SPDX-License-Identifier: MIT
#pragma once
// The spec's seeds and sweep sections as the spec reader parses them.

#include "util/json_reader.h"

#include <recscope/core/sweep.h>

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::core::detail {

/// A JSON scalar as a parameter value; ConfigError(path) for anything else.
ParamValue paramValue(const nlohmann::json &v, const std::string &path);
/// A model entry's "sweep" ranges (none when absent); bounds and spacing default to the schema's.
std::vector<ParamRange> readRanges(JsonReader &entry, const ParamSchema &schema);
/// The spec's "sweep": method, trial budget, seed, selection metric (the valid metric by default).
SweepConfig readSweep(JsonReader r, const std::string &validMetric);
/// The spec's "repeat": its distinct seeds.
std::vector<std::uint64_t> readRepeat(JsonReader r);

} // namespace recscope::core::detail
