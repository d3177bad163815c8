// SPDX-License-Identifier: MIT
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "console_observer.h"
#include "results_table.h"

#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <algorithm>
#include <cstdio>
#include <stop_token>

namespace recscope::app {

namespace {

constexpr const char *kRunHelp = R"(usage: recscope-cli run SPEC.json [options]

Runs every model of the experiment spec on its dataset and split, prints training progress and a
table of test metrics, and stores datasets, runs, epoch curves and final metrics in the project
database. Ctrl-C cancels cleanly (the current run is stored as cancelled).

Options:
  --db FILE           project database (default: SPEC's folder/recscope.db)
  --checkpoints DIR   save a checkpoint per run after every epoch into DIR
  --quiet             only warnings, errors and the results table
)";

constexpr const char *kResumeHelp = R"(usage: recscope-cli resume RUN_ID --db FILE [--quiet]

Continues a cancelled, failed or interrupted run from its last checkpoint (runs trained with
--checkpoints or from the workbench have one) into the same run id: the dataset and split are
rebuilt from the experiment's stored spec, training goes on after the checkpoint's epoch, and the
run is tested and stored. 'recscope-cli runs --db FILE' lists the runs and their ids.
)";

int exitCode(const core::ExperimentResult &result, const std::stop_source &stop)
{
    for (const auto &r : result.runs)
        if (r.status == core::RunStatus::Failed)
            return 1;
    return stop.stop_requested() ? 130 : 0;
}

} // namespace

int runCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kRunHelp, {"db", "checkpoints"}, {"quiet"}, 1, {}});
    const CliOptions &opts = cmd.options();
    const std::filesystem::path specFile = opts.positional()[0];
    core::Registry &registry = cmd.registry();
    const auto spec = core::ExperimentSpec::fromFile(specFile, registry);
    const std::filesystem::path db
        = opts.value("db").value_or((specFile.parent_path() / "recscope.db").string());
    core::ProjectStore store(db);
    if (store.interruptedOnOpen() > 0)
        std::fprintf(
            stderr,
            "note: %d run(s) left running by a stopped process are now marked interrupted\n",
            store.interruptedOnOpen());
    core::ExperimentRunner runner(registry, store);
    if (auto dir = opts.value("checkpoints")) {
        std::filesystem::create_directories(*dir);
        runner.setCheckpointDir(*dir);
    }
    std::stop_source stop;
    const InterruptGuard interrupt(stop);
    ConsoleObserver observer(opts.flag("quiet"), spec.validMetric);
    std::fprintf(stderr,
                 "experiment '%s': %zu model(s), results in %s\n",
                 spec.name.c_str(),
                 spec.models.size(),
                 db.c_str());
    const auto result = runner.run(spec, stop.get_token(), observer);
    printResultsTable(stdout, result, spec, registry.task(spec.task));
    const auto groups = core::summarizeConfigurations(store, result.runIds);
    if (std::any_of(groups.begin(), groups.end(), [](const auto &g) { return g.runs.size() > 1; }))
        printConfigurationTable(stdout, groups, result, spec, registry.task(spec.task));
    return exitCode(result, stop);
}

int resumeCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kResumeHelp, {"db"}, {"quiet"}, 1, {"db"}});
    const CliOptions &opts = cmd.options();
    const std::int64_t runId = cmd.runId();
    core::Registry &registry = cmd.registry();
    core::ProjectStore store(*opts.value("db"));
    const auto spec
        = core::ExperimentSpec::fromJson(store.experimentSpec(store.run(runId).experimentId),
                                         registry);
    core::ExperimentRunner runner(registry, store);
    std::stop_source stop;
    const InterruptGuard interrupt(stop);
    ConsoleObserver observer(opts.flag("quiet"), spec.validMetric);
    const auto result = runner.resume(runId, stop.get_token(), observer);
    printResultsTable(stdout, result, spec, registry.task(spec.task));
    return exitCode(result, stop);
}

} // namespace recscope::app
