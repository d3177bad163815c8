// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/loaded_run.h"
#include "audit/bias_metrics.h"

#include <recscope/core/audit.h>

#include <stop_token>

namespace recscope::core::detail {

/// What an audit reads: the dataset, its training part, each user's known items at test time
/// and test targets, and the trained model (in eval mode).
struct AuditInputs
{
    const Dataset &data;
    const sdk::TrainData &train;
    const sdk::UserItems &testHistory, &testTargets;
    sdk::Model &model;
    std::int64_t runId = 0;
    std::string label;
};

/// Audits a model in memory (the experiment runner's "audits" section, and runAudit).
AuditReport auditModel(const AuditInputs &in, const AuditConfig &config, std::stop_token stop);

/// Every audited user's top-K (known items masked), with their test and known items (sorted) and
/// their known history in time order. Index u of each list is users[u].
struct UserLists
{
    std::vector<std::int64_t> users;
    Lists lists, test, train, history;
};

/// Item-side bias (ARP, APLT, ACLT, PopRSP, PopREO, both Ginis, coverage, calibration), exposure
/// and hit shares by popularity, genre and source, the Lorenz curve and per-item exposure.
void addItemSide(const AuditInputs &in,
                 const UserLists &lists,
                 const AuditConfig &config,
                 AuditReport &report);

} // namespace recscope::core::detail
