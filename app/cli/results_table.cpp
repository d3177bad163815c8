// SPDX-License-Identifier: MIT
#include "results_table.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace recscope::app {

namespace {
bool lowerIsBetter(const std::string &name)
{
    return name.rfind("AveragePopularity", 0) == 0 || name.rfind("GiniIndex", 0) == 0 || name == "LogLoss";
}
} // namespace

/// Columns in the spec's metric order, then by K, that some run reports; the CTR task has its
/// own fixed set.
std::vector<std::string> metricColumns(const core::ExperimentResult &result, const core::ExperimentSpec &spec)
{
    std::vector<std::string> columns;
    if (spec.task == "ctr") {
        const std::string k = std::to_string(spec.ctr.searchK);
        columns = {"AUC", "GAUC", "LogLoss", "SearchNDCG@" + k, "SearchRPrecision", "SearchPrecision@" + k, "SearchRecall@" + k};
    }
    for (const auto &m : spec.task == "ctr" ? std::vector<std::string>{} : spec.eval.metrics)
        for (int k : spec.eval.ks) {
            const std::string name = m + "@" + std::to_string(k);
            for (const auto &r : result.runs)
                if (r.test.count(name)) {
                    columns.push_back(name);
                    break;
                }
        }
    if (spec.attack) // the attack's target items
        for (const char *name : {"T-HR@50", "T-NDCG@50"})
            columns.push_back(name);
    return columns;
}

void printResultsTable(std::FILE *out, const core::ExperimentResult &result, const core::ExperimentSpec &spec)
{
    const auto columns = metricColumns(result, spec);
    std::size_t labelWidth = 5;
    for (const auto &r : result.runs)
        labelWidth = std::max(labelWidth, r.model.size());
    std::fprintf(out, "\n%-*s  %-9s %7s %6s", int(labelWidth), "model", "status", "train_s", "epochs");
    for (const auto &c : columns)
        std::fprintf(out, " %*s", int(std::max<std::size_t>(c.size(), 8)), c.c_str());
    std::fprintf(out, "\n");
    int trials = 0;
    for (const auto &r : result.runs) {
        if (r.status == core::RunStatus::Finished && r.test.empty()) { // a sweep trial: validation only
            ++trials;
            continue;
        }
        std::fprintf(out, "%-*s  %-9s %7.1f %6d", int(labelWidth), r.model.c_str(), core::runStatusName(r.status), r.trainSeconds, r.epochs);
        for (const auto &c : columns) {
            auto it = r.test.find(c);
            const int w = int(std::max<std::size_t>(c.size(), 8));
            if (it == r.test.end() || std::isnan(it->second)) {
                std::fprintf(out, " %*s", w, "-");
                continue;
            }
            bool best = true;
            for (const auto &o : result.runs) {
                auto jt = o.test.find(c);
                if (jt != o.test.end() && (lowerIsBetter(c) ? jt->second < it->second : jt->second > it->second))
                    best = false;
            }
            std::fprintf(out, " %*.4f%s", w - 1, it->second, best && result.runs.size() > 1 ? "*" : " ");
        }
        std::fprintf(out, "\n");
        if (!r.message.empty())
            std::fprintf(out, "%-*s  (%s)\n", int(labelWidth), "", r.message.c_str());
    }
    if (trials > 0)
        std::fprintf(out, "(%d sweep trial runs, judged on validation only, are not tested: 'recscope-cli sweep --show ID')\n", trials);
    // The counts from the first tested run (sweep trials are not tested).
    auto count = [&](const char *name) {
        for (const auto &r : result.runs)
            if (const auto it = r.test.find(name); it != r.test.end())
                return it->second;
        return 0.0;
    };
    if (spec.task == "ctr") {
        std::fprintf(out, "\nprotocol: ctr task, %s split, %d sampled negative(s) per click, up to %lld behaviours; test samples: %.0f\n",
                     core::splitKindName(spec.split.kind), spec.ctr.negatives, static_cast<long long>(spec.ctr.maxHistory), count("samples"));
        return;
    }
    std::fprintf(out, "\nprotocol: %s split, %s ranking%s, %s; test users: %.0f\n", core::splitKindName(spec.split.kind),
                 spec.eval.sampledNegatives > 0 ? "sampled" : "full",
                 spec.eval.sampledNegatives > 0 ? (" vs " + std::to_string(spec.eval.sampledNegatives) + " negatives").c_str() : "",
                 spec.eval.maskHistory ? "history masked" : "history not masked", count("users"));
}

void printConfigurationTable(std::FILE *out, const std::vector<core::ConfigurationSummary> &groups, const core::ExperimentResult &result,
                             const core::ExperimentSpec &spec)
{
    const auto columns = metricColumns(result, spec);
    std::size_t labelWidth = 5;
    for (const auto &g : groups)
        labelWidth = std::max(labelWidth, g.label.size());
    std::fprintf(out, "\nover seeds: mean ± std [95%% t-interval]\n%-*s  %5s", int(labelWidth), "model", "seeds");
    for (const auto &c : columns)
        std::fprintf(out, "  %-31s", c.c_str());
    std::fprintf(out, "\n");
    for (const auto &g : groups) {
        std::fprintf(out, "%-*s  %5zu", int(labelWidth), g.label.c_str(), g.runs.size());
        for (const auto &c : columns) {
            const auto it = g.test.find(c);
            char cell[64] = "-";
            if (it != g.test.end() && it->second.n >= 2)
                std::snprintf(cell, sizeof cell, "%.4f ± %.4f [%.4f, %.4f]", it->second.mean, it->second.std, it->second.ciLow, it->second.ciHigh);
            else if (it != g.test.end() && it->second.n == 1)
                std::snprintf(cell, sizeof cell, "%.4f", it->second.mean);
            std::fprintf(out, "  %-*s", int(31 + (std::string(cell).find("±") != std::string::npos)), cell); // ± is two bytes
        }
        std::fprintf(out, "\n");
    }
}

} // namespace recscope::app
