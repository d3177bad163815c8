// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/run_groups.h>

#include <cstdio>

namespace recscope::core {
class Task;
}

namespace recscope::app {

/// A plain-text table of the task's test metrics, one row per run, and how runs were tested; '*'
/// marks the best value per column (lowest for AveragePopularity and GiniIndex, highest otherwise).
void printResultsTable(std::FILE *out,
                       const core::ExperimentResult &result,
                       const core::ExperimentSpec &spec,
                       const core::Task &task);

/// Each configuration run on several seeds: every test metric as mean ± std [95% t-interval].
void printConfigurationTable(std::FILE *out,
                             const std::vector<core::ConfigurationSummary> &groups,
                             const core::ExperimentResult &result,
                             const core::ExperimentSpec &spec,
                             const core::Task &task);

} // namespace recscope::app
