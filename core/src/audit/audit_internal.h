// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/loaded_run.h"
#include "audit/bias_metrics.h"

#include <recscope/core/audit.h>

namespace recscope::core::detail {

/// Every audited user's top-K (known items masked), with their test and known items (sorted) and
/// their known history in time order. Index u of each list is users[u].
struct UserLists
{
    std::vector<std::int64_t> users;
    Lists lists, test, train, history;
};

/// Item-side bias (ARP, APLT, ACLT, PopRSP, PopREO, both Ginis, coverage, calibration), exposure
/// and hit shares by popularity, genre and source, the Lorenz curve and per-item exposure.
void addItemSide(const LoadedRun &run, const UserLists &lists, const AuditConfig &config, AuditReport &report);

} // namespace recscope::core::detail
