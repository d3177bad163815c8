// SPDX-License-Identifier: MIT
#include "recscope/core/run_groups.h"

#include "experiment/spec_readers.h"
#include "recscope/core/error.h"
#include "util/json_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace recscope::core {

namespace {

std::map<std::string, SampleSummary>
summarizeMetrics(const std::map<std::string, std::vector<double>> &values)
{
    std::map<std::string, SampleSummary> out;
    for (const auto &[name, v] : values) {
        std::vector<double> present;
        std::copy_if(v.begin(), v.end(), std::back_inserter(present), [](double x) {
            return !std::isnan(x);
        });
        out[name] = summarize(present);
    }
    return out;
}

/// Adds one run's test metrics as a column of values (NaN where it lacks a metric the others have).
void addRun(std::map<std::string, std::vector<double>> &values,
            std::size_t runsBefore,
            const MetricValues &test)
{
    for (const auto &[name, value] : test)
        if (name != "users" && name != "samples")
            values.try_emplace(name,
                               std::vector<double>(runsBefore,
                                                   std::numeric_limits<double>::quiet_NaN()));
    for (auto &[name, column] : values) {
        const auto it = test.find(name);
        column.push_back(it == test.end() ? std::numeric_limits<double>::quiet_NaN() : it->second);
    }
}

} // namespace

std::vector<ConfigurationSummary> summarizeConfigurations(const ProjectStore &store,
                                                          const std::vector<std::int64_t> &runIds)
{
    std::vector<RunResult> runs;
    for (const auto id : runIds)
        runs.push_back({store.run(id), store.finalMetrics(id, "test")});
    return summarizeConfigurations(std::move(runs));
}

std::vector<ConfigurationSummary> summarizeConfigurations(std::vector<RunResult> runs)
{
    std::sort(runs.begin(), runs.end(), [](const RunResult &a, const RunResult &b) {
        return a.run.id < b.run.id;
    });
    auto keyOf = [](const RunRecord &r) {
        return r.configKey.empty() ? "run:" + std::to_string(r.id) : r.configKey;
    };
    // One run per seed and configuration: a seed run again (the same spec twice) is not a new
    // sample; its latest run counts.
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> latest;
    for (const auto &[r, test] : runs)
        if (r.status == RunStatus::Finished && r.sweepRole != "trial" && !test.empty())
            latest[{keyOf(r), r.seed}] = r.id;
    std::vector<ConfigurationSummary> out;
    std::map<std::string, std::size_t> index;
    for (const auto &[r, test] : runs) {
        const auto id = r.id;
        const std::string key = keyOf(r);
        if (const auto it = latest.find({key, r.seed}); it == latest.end() || it->second != id)
            continue;
        auto [it, added] = index.try_emplace(key, out.size());
        if (added)
            out.push_back({key, r.label, {}, {}, {}, {}});
        auto &g = out[it->second];
        addRun(g.values, g.runs.size(), test);
        g.runs.push_back(id);
        g.seeds.push_back(r.seed);
    }
    for (auto &g : out)
        g.test = summarizeMetrics(g.values);
    return out;
}

PairedTest compareConfigurations(const ConfigurationSummary &a,
                                 const ConfigurationSummary &b,
                                 const std::string &metric)
{
    const auto va = a.values.find(metric), vb = b.values.find(metric);
    if (va == a.values.end() || vb == b.values.end())
        throw ConfigError("metric", "both configurations need " + metric);
    std::vector<double> x, y;
    for (std::size_t i = 0; i < a.seeds.size(); ++i)
        for (std::size_t j = 0; j < b.seeds.size(); ++j)
            if (a.seeds[i] == b.seeds[j] && !std::isnan(va->second[i])
                && !std::isnan(vb->second[j])) {
                x.push_back(va->second[i]);
                y.push_back(vb->second[j]);
                break;
            }
    return pairedTTest(x, y);
}

SweepSummary summarizeSweep(const ProjectStore &store, std::int64_t sweepId)
{
    SweepSummary s;
    s.sweep = store.sweep(sweepId);
    const auto plan = nlohmann::json::parse(s.sweep.trialsJson, nullptr, false);
    const auto seeds = nlohmann::json::parse(s.sweep.seedsJson, nullptr, false);
    if (!plan.is_array() || !seeds.is_array())
        throw StoreError("sweep " + std::to_string(sweepId) + " has a damaged plan");
    s.seeds = int(seeds.size());
    // Swept parameters: those whose value is not the same in every trial.
    std::set<std::string> varying;
    for (const auto &trial : plan)
        for (const auto &[name, value] : trial.items())
            if (value != plan.front().value(name, nlohmann::json()))
                varying.insert(name);
    s.sweptParams.assign(varying.begin(), varying.end());
    std::vector<std::vector<double>> valid(plan.size());
    s.trials.resize(plan.size());
    for (std::size_t t = 0; t < plan.size(); ++t) {
        s.trials[t].trial = int(t);
        for (const auto &name : s.sweptParams) {
            s.trials[t].swept[name] = detail::paramValue(plan[t].at(name), "sweep.trials." + name);
            s.trials[t].description += (s.trials[t].description.empty() ? "" : ", ") + name + "="
                                       + toString(s.trials[t].swept[name]);
        }
    }
    std::map<std::string, std::vector<double>> test;
    for (const auto &r : store.runs()) {
        if (r.sweepId != sweepId || r.sweepTrial < 0 || r.sweepTrial >= int(plan.size()))
            continue;
        if (r.sweepRole == "final" && r.status == RunStatus::Finished
            && r.sweepTrial == s.sweep.selectedTrial) {
            addRun(test, s.finalRuns.size(), store.finalMetrics(r.id, "test"));
            s.finalRuns.push_back(r.id);
        } else if (r.sweepRole == "trial") {
            auto &trial = s.trials[std::size_t(r.sweepTrial)];
            ++trial.runs;
            if (r.status != RunStatus::Finished)
                continue;
            ++trial.finished;
            const auto v = store.finalMetrics(r.id, "valid");
            if (const auto it = v.find(s.sweep.metric); it != v.end())
                valid[std::size_t(r.sweepTrial)].push_back(it->second);
        }
    }
    for (std::size_t t = 0; t < plan.size(); ++t)
        s.trials[t].valid = summarize(valid[t]);
    s.test = summarizeMetrics(test);
    return s;
}

} // namespace recscope::core
