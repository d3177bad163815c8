// SPDX-License-Identifier: MIT
#include "results_table.h"

#include <recscope/core/task.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace recscope::app {

namespace {
bool lowerIsBetter(const std::string &name)
{
    return name.rfind("AveragePopularity", 0) == 0 || name.rfind("GiniIndex", 0) == 0
           || name == "LogLoss";
}
} // namespace

std::vector<std::string> metricColumns(const core::ExperimentResult &result,
                                       const core::ExperimentSpec &spec,
                                       const core::Task &task)
{
    std::vector<core::MetricValues> tests;
    for (const auto &r : result.runs)
        tests.push_back(r.test);
    return task.resultColumns(spec, tests);
}

void printResultsTable(std::FILE *out,
                       const core::ExperimentResult &result,
                       const core::ExperimentSpec &spec,
                       const core::Task &task)
{
    const auto columns = metricColumns(result, spec, task);
    std::size_t labelWidth = 5;
    for (const auto &r : result.runs)
        labelWidth = std::max(labelWidth, r.model.size());
    std::fprintf(out,
                 "\n%-*s  %-9s %7s %6s",
                 int(labelWidth),
                 "model",
                 "status",
                 "train_s",
                 "epochs");
    for (const auto &c : columns)
        std::fprintf(out, " %*s", int(std::max<std::size_t>(c.size(), 8)), c.c_str());
    std::fprintf(out, "\n");
    int trials = 0;
    for (const auto &r : result.runs) {
        if (r.status == core::RunStatus::Finished
            && r.test.empty()) { // a sweep trial: validation only
            ++trials;
            continue;
        }
        std::fprintf(out,
                     "%-*s  %-9s %7.1f %6d",
                     int(labelWidth),
                     r.model.c_str(),
                     core::runStatusName(r.status),
                     r.trainSeconds,
                     r.epochs);
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
                if (jt != o.test.end()
                    && (lowerIsBetter(c) ? jt->second < it->second : jt->second > it->second))
                    best = false;
            }
            std::fprintf(out,
                         " %*.4f%s",
                         w - 1,
                         it->second,
                         best && result.runs.size() > 1 ? "*" : " ");
        }
        std::fprintf(out, "\n");
        if (!r.message.empty())
            std::fprintf(out, "%-*s  (%s)\n", int(labelWidth), "", r.message.c_str());
    }
    if (trials > 0)
        std::fprintf(out,
                     "(%d sweep trial runs, judged on validation only, are not tested: "
                     "'recscope-cli sweep --show ID')\n",
                     trials);
    // The test-set size from the first tested run (sweep trials are not tested).
    const auto tested = std::find_if(result.runs.begin(),
                                     result.runs.end(),
                                     [](const core::RunSummary &r) { return !r.test.empty(); });
    std::fprintf(out,
                 "\nprotocol: %s\n",
                 task.protocol(spec,
                               tested == result.runs.end() ? core::MetricValues{} : tested->test)
                     .c_str());
}

void printConfigurationTable(std::FILE *out,
                             const std::vector<core::ConfigurationSummary> &groups,
                             const core::ExperimentResult &result,
                             const core::ExperimentSpec &spec,
                             const core::Task &task)
{
    const auto columns = metricColumns(result, spec, task);
    std::size_t labelWidth = 5;
    for (const auto &g : groups)
        labelWidth = std::max(labelWidth, g.label.size());
    std::fprintf(out,
                 "\nover seeds: mean ± std [95%% t-interval]\n%-*s  %5s",
                 int(labelWidth),
                 "model",
                 "seeds");
    for (const auto &c : columns)
        std::fprintf(out, "  %-31s", c.c_str());
    std::fprintf(out, "\n");
    for (const auto &g : groups) {
        std::fprintf(out, "%-*s  %5zu", int(labelWidth), g.label.c_str(), g.runs.size());
        for (const auto &c : columns) {
            const auto it = g.test.find(c);
            char cell[64] = "-";
            if (it != g.test.end() && it->second.n >= 2)
                std::snprintf(cell,
                              sizeof cell,
                              "%.4f ± %.4f [%.4f, %.4f]",
                              it->second.mean,
                              it->second.std,
                              it->second.ciLow,
                              it->second.ciHigh);
            else if (it != g.test.end() && it->second.n == 1)
                std::snprintf(cell, sizeof cell, "%.4f", it->second.mean);
            std::fprintf(out,
                         "  %-*s",
                         int(31 + (std::string(cell).find("±") != std::string::npos)),
                         cell); // ± is two bytes
        }
        std::fprintf(out, "\n");
    }
}

} // namespace recscope::app
