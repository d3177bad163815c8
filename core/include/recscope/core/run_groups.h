// SPDX-License-Identifier: MIT
#pragma once
// Runs pooled over seeds: each configuration's metrics as mean ± std with a 95% t-interval, and
// each sweep's trials, selection and the selected configuration's test result.

#include "recscope/core/params.h"
#include "recscope/core/statistics.h"
#include "recscope/core/store.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace recscope::core {

/// The finished, tested runs of one configuration (the same data, split, model and parameters;
/// RunRecord::configKey) and their test metrics over seeds: one run per seed, the latest when a
/// seed was run more than once.
struct RS_CORE_EXPORT ConfigurationSummary
{
    std::string key, label;
    std::vector<std::int64_t> runs;   ///< ascending
    std::vector<std::uint64_t> seeds; ///< of runs, in the same order
    std::map<std::string, SampleSummary> test;
    std::map<std::string, std::vector<double>>
        values; ///< per metric, one value per run (NaN when a run lacks it)
};

/// A stored run and its test metrics, as a view or a report holds them.
struct RS_CORE_EXPORT RunResult
{
    RunRecord run;
    MetricValues test;
};

/// Groups runs (finished, with test metrics) by configuration, in the order of their first run.
/// Runs without a key (older projects) each form their own group; sweep trials, which have no
/// test metrics, are left out.
RS_CORE_EXPORT std::vector<ConfigurationSummary>
summarizeConfigurations(std::vector<RunResult> runs);
/// The same for stored runs by id.
RS_CORE_EXPORT std::vector<ConfigurationSummary>
summarizeConfigurations(const ProjectStore &store, const std::vector<std::int64_t> &runIds);

/// Paired test of one metric between two configurations over the seeds both ran; ConfigError
/// ("pairs") when they share fewer than two seeds.
RS_CORE_EXPORT PairedTest compareConfigurations(const ConfigurationSummary &a,
                                                const ConfigurationSummary &b,
                                                const std::string &metric);

struct RS_CORE_EXPORT TrialSummary
{
    int trial = 0;
    std::map<std::string, ParamValue> swept; ///< the parameters that vary across the sweep's trials
    std::string description;                 ///< "learning_rate=0.01, embedding_size=64"
    SampleSummary valid;                     ///< the selection metric over the finished seeds
    int runs = 0, finished = 0;
};

struct RS_CORE_EXPORT SweepSummary
{
    SweepRecord sweep;
    std::vector<std::string> sweptParams;
    std::vector<TrialSummary> trials;          ///< in plan order
    std::vector<std::int64_t> finalRuns;       ///< the selected configuration's tested runs
    std::map<std::string, SampleSummary> test; ///< their test metrics over seeds
    int seeds = 0;
};

/// A sweep read back from the store: trials with validation only, and the selected
/// configuration's test result. StoreError when there is no such sweep.
RS_CORE_EXPORT SweepSummary summarizeSweep(const ProjectStore &store, std::int64_t sweepId);

} // namespace recscope::core
