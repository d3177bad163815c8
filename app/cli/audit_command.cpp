// SPDX-License-Identifier: MIT
// recscope-cli audit: fairness and bias of a trained run's recommendations.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "config_flags.h"
#include "stored_or_computed.h"

#include <recscope/core/audit.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kAuditHelp = R"(usage: recscope-cli audit RUN_ID --db FILE [options]

Audits a finished ranking run (it needs saved weights: trained with --checkpoints or from the
workbench; a spec's "audits" section audits every run as it finishes). Recomputes every test
user's top-K and prints, and stores with the run:
  - each accuracy metric per group of a user attribute, with bootstrap 95% intervals, the gap
    between the best and worst group (with its interval) and their ratio;
  - an attacker's accuracy and macro-F1 at predicting the attribute from the lists (FairRec's
    protocol), against always guessing the largest group;
  - popularity bias (ARP, APLT, ACLT, PopRSP, PopREO as Elliot defines them; Gini in RecBole's
    and Elliot's conventions), item coverage, Steck's calibration KL;
  - exposure and hit shares by popularity (head/tail), genre and source.

Options (defaults in brackets):
)";

constexpr const char *kAuditTail
    = R"(  --stored                 print the run's latest stored audit instead of computing one
  --json                   print the report as JSON
)";

void printReport(const core::AuditReport &r)
{
    std::printf("audit of run %lld (%s), top-%d, users grouped by '%s'\n\n",
                static_cast<long long>(r.runId),
                r.label.c_str(),
                r.k,
                r.attribute.c_str());
    std::printf("%-14s", "metric");
    if (!r.consumer.empty())
        for (const auto &g : r.consumer.front().groups)
            std::printf("  %-28s", (g.group + " (" + std::to_string(g.users) + " users)").c_str());
    std::printf("  %-28s %s\n", "gap best − worst [95% CI]", "worst/best");
    auto interval = [](double mean, double low, double high) {
        char text[64];
        std::snprintf(text, sizeof text, "%.4f [%.4f, %.4f]", mean, low, high);
        return std::string(text);
    };
    for (const auto &m : r.consumer) {
        std::printf("%-14s", m.metric.c_str());
        for (const auto &g : m.groups)
            std::printf("  %-28s", interval(g.mean, g.low, g.high).c_str());
        std::printf("  %-28s %.3f\n", interval(m.gap, m.gapLow, m.gapHigh).c_str(), m.ratio);
    }
    const auto &a = r.attacker;
    std::printf("\nattribute attacker on the lists: accuracy %.3f, macro-F1 %.3f (majority guess "
                "%.3f; %lld train / %lld test users)\n\n",
                a.accuracy,
                a.macroF1,
                a.majority,
                static_cast<long long>(a.trainUsers),
                static_cast<long long>(a.testUsers));
    for (const auto &[name, v] : r.bias)
        std::printf("%-14s %s\n",
                    name.c_str(),
                    std::isfinite(v) ? std::to_string(v).c_str()
                                     : "undefined (a group has no items)");
    std::printf("\n%-11s %-16s %6s %9s %9s %9s\n",
                "family",
                "group",
                "items",
                "catalog",
                "exposure",
                "hits");
    for (const auto &g : r.itemGroups)
        std::printf("%-11s %-16s %6lld %8.1f%% %8.1f%% %8.1f%%\n",
                    g.family.c_str(),
                    g.group.c_str(),
                    static_cast<long long>(g.items),
                    100 * g.catalogShare,
                    100 * g.exposureShare,
                    100 * g.hitShare);
}

} // namespace

int auditCommand(const std::vector<std::string> &args)
{
    return runAnalysisCommand<core::AuditConfig, core::AuditReport>(
        args,
        {kAuditHelp,
         kAuditTail,
         core::AnalysisKind::Fairness,
         "audit",
         "audit",
         [](const auto &registry, auto &store, auto runId, const auto &config, auto stop) {
             return core::runAudit(registry, store, runId, config, stop);
         },
         printReport});
}

} // namespace recscope::app
