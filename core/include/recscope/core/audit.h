// SPDX-License-Identifier: MIT
#pragma once
// The audit of a trained run's recommendations: consumer fairness per user group with bootstrap
// intervals, an attribute attacker on the lists (FairRec's protocol), and item-side popularity
// bias, exposure and calibration with their libraries' definitions
// (../shared/research/algorithms-audit.md §1, §7).

#include "recscope/core/audit_config.h"
#include "recscope/core/export.h"

#include <cstdint>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;
class ProjectStore;

/// A per-user metric averaged over one group, with its bootstrap 95% interval.
struct RS_CORE_EXPORT GroupValue
{
    std::string group;
    std::int64_t users = 0;
    double mean = 0, low = 0, high = 0;
};

/// One accuracy metric across the attribute's groups: the gap between the best and the worst
/// group (best − worst, with its interval) and their ratio (worst / best).
struct RS_CORE_EXPORT ConsumerMetric
{
    std::string metric;
    std::vector<GroupValue> groups;
    std::string best, worst;
    double gap = 0, gapLow = 0, gapHigh = 0, ratio = 0;
};

/// How well the attribute can be read off the lists: a classifier (mean of learned item
/// embeddings of the top-K, then softmax) trained on some users and scored on the others.
struct RS_CORE_EXPORT AttackerScore
{
    double accuracy = 0, macroF1 = 0,
           majority = 0; ///< majority: the accuracy of always guessing the largest group
    std::int64_t trainUsers = 0, testUsers = 0;
};

/// Exposure of one item group: its share of the catalogue, of all recommendations, and of hits.
struct RS_CORE_EXPORT ItemGroupShare
{
    std::string family; ///< "popularity", "genre" or "source"
    std::string group;
    std::int64_t items = 0;
    double catalogShare = 0, exposureShare = 0, hitShare = 0;
};

struct RS_CORE_EXPORT AuditReport
{
    std::int64_t runId = 0;
    std::string label;
    int k = 10;
    std::string attribute;
    std::vector<ConsumerMetric> consumer;
    AttackerScore attacker;
    /// ARP, APLT, ACLT, PopRSP, PopREO, GiniRecBole, GiniElliot, ItemCoverage, CalibrationKL (all
    /// @k)
    std::map<std::string, double> bias;
    std::vector<ItemGroupShare> itemGroups;
    std::vector<double> lorenzX, lorenzY; ///< cumulative item share vs recommendation share
    std::vector<double> popularity,
        exposure; ///< per item: training interactions, times recommended

    std::string toJson() const;
    static AuditReport fromJson(const std::string &json);
};

/// Audits a finished ranking run with saved weights: recomputes every test user's top-k (known
/// items masked) and measures it. The report is stored with the run and returned. Throws
/// ConfigError naming the run or the field.
RS_CORE_EXPORT AuditReport runAudit(const Registry &registry,
                                    ProjectStore &store,
                                    std::int64_t runId,
                                    const AuditConfig &config,
                                    std::stop_token stop = {});

} // namespace recscope::core
