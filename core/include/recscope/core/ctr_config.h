// SPDX-License-Identifier: MIT
#pragma once
// The settings of the CTR task (TaskKind::Ctr): how click samples are cut from the data.

#include "recscope/core/export.h"

#include <cstdint>

namespace recscope::core {

/// The CTR task over long behaviour sequences (spec key "ctr", used by TaskKind::Ctr).
struct RS_CORE_EXPORT CtrConfig
{
    std::int64_t maxHistory = 200;        ///< most recent behaviours per sample (1,000+ fit)
    int negatives = 1;                    ///< sampled non-clicked targets per clicked one
    std::int64_t trainTargetsPerUser = 0; ///< latest train positions used as targets; 0 = all
    std::int64_t relevanceWindow
        = 50;         ///< planted relevance: same category among this many most recent
    int searchK = 20; ///< K of the search precision/recall check
};

} // namespace recscope::core
