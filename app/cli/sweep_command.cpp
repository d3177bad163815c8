// SPDX-License-Identifier: MIT
// recscope-cli sweep: run a spec's hyper-parameter sweeps (over its seeds), resume one, or show
// one: every trial's validation result and the selected configuration's test result.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "console_observer.h"
#include "results_table.h"

#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/run_groups.h>
#include <recscope/core/store.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

namespace recscope::app {

namespace {

constexpr const char *kSweepHelp = R"(usage: recscope-cli sweep SPEC.json [--db FILE] [options]
       recscope-cli sweep --resume SWEEP_ID --db FILE [options]
       recscope-cli sweep --show SWEEP_ID --db FILE [--json]

Runs a spec whose models carry "sweep" ranges (grid or random search, "sweep" at the top level
sets the method, trial budget and selection metric), on every seed of "repeat". Each trial is an
ordinary stored run, judged on validation only; the trial with the best mean validation value is
then trained again on every seed and tested, and only those runs are tested. Prints each sweep:
the trials with their validation mean ± std, the selection, and the selected configuration's test
metrics as mean ± std [95% t-interval] with the number of trials it was chosen from.
Ctrl-C cancels; --resume continues a cancelled or interrupted sweep, keeping finished trials.

Options:
  --db FILE           project database (default: SPEC's folder/recscope.db)
  --checkpoints DIR   save a checkpoint per run after every epoch into DIR
  --json              print the sweep summaries as JSON
  --quiet             only warnings, errors and the summaries
)";

std::string formatSummary(const core::SampleSummary &s)
{
    char text[96];
    if (s.n >= 2)
        std::snprintf(text,
                      sizeof text,
                      "%.4f ± %.4f [%.4f, %.4f]",
                      s.mean,
                      s.std,
                      s.ciLow,
                      s.ciHigh);
    else if (s.n == 1)
        std::snprintf(text, sizeof text, "%.4f (1 seed)", s.mean);
    else
        std::snprintf(text, sizeof text, "-");
    return text;
}

nlohmann::json summaryJson(const core::SampleSummary &s)
{
    auto number
        = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
    return {{"n", s.n},
            {"mean", number(s.mean)},
            {"std", number(s.std)},
            {"ci95", {number(s.ciLow), number(s.ciHigh)}}};
}

nlohmann::json sweepJson(const core::SweepSummary &s)
{
    nlohmann::json trials = nlohmann::json::array(), test = nlohmann::json::object();
    for (const auto &t : s.trials) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto &[name, value] : t.swept)
            std::visit([&, &n = name](const auto &v) { params[n] = v; }, value);
        trials.push_back({{"trial", t.trial + 1},
                          {"params", params},
                          {"valid", summaryJson(t.valid)},
                          {"runs", t.runs},
                          {"finished", t.finished}});
    }
    for (const auto &[name, v] : s.test)
        test[name] = summaryJson(v);
    return {{"sweep", s.sweep.id},
            {"label", s.sweep.label},
            {"method", s.sweep.method},
            {"metric", s.sweep.metric},
            {"status", core::runStatusName(s.sweep.status)},
            {"seeds", s.seeds},
            {"trials", trials},
            {"selected_trial",
             s.sweep.selectedTrial >= 0 ? nlohmann::json(s.sweep.selectedTrial + 1)
                                        : nlohmann::json(nullptr)},
            {"final_runs", s.finalRuns},
            {"test", test}};
}

void printSweep(const core::SweepSummary &s)
{
    std::printf(
        "\nsweep %lld: %s, %s search, %zu trials × %d seed(s), selected on validation %s (%s)\n",
        static_cast<long long>(s.sweep.id),
        s.sweep.label.c_str(),
        s.sweep.method.c_str(),
        s.trials.size(),
        s.seeds,
        s.sweep.metric.c_str(),
        core::runStatusName(s.sweep.status));
    std::printf("  %5s  %-44s %-34s %s\n",
                "trial",
                "parameters",
                ("valid " + s.sweep.metric).c_str(),
                "runs");
    for (const auto &t : s.trials)
        std::printf("%s %5d  %-44s %-*s %d/%d\n",
                    t.trial == s.sweep.selectedTrial ? "*" : " ",
                    t.trial + 1,
                    t.description.c_str(),
                    34 + int(t.valid.n >= 2),
                    formatSummary(t.valid).c_str(),
                    t.finished,
                    t.runs);
    if (s.sweep.selectedTrial < 0) {
        std::printf("no trial selected yet\n");
        return;
    }
    std::printf("selected: trial %d (%s), chosen from %zu trials on validation only; its test "
                "metrics over %zu seed(s):\n",
                s.sweep.selectedTrial + 1,
                s.trials[std::size_t(s.sweep.selectedTrial)].description.c_str(),
                s.trials.size(),
                s.finalRuns.size());
    for (const auto &[name, v] : s.test)
        std::printf("  %-22s %s\n", name.c_str(), formatSummary(v).c_str());
}

} // namespace

int sweepCommand(const std::vector<std::string> &args)
{
    // A spec to sweep, or --resume / --show of a stored sweep in --db.
    CommandLine cmd(args,
                    {kSweepHelp,
                     {"db", "checkpoints", "resume", "show"},
                     {"quiet", "json"},
                     CommandShape::kAnyCount,
                     {},
                     [](const CliOptions &o) {
                         const bool resume = o.value("resume").has_value(),
                                    show = o.value("show").has_value();
                         return (resume || show)
                                    ? o.positional().empty() && o.value("db") && !(resume && show)
                                    : o.positional().size() == 1;
                     }});
    const CliOptions &opts = cmd.options();
    const bool resume = opts.value("resume").has_value(), show = opts.value("show").has_value();
    core::Registry &registry = cmd.registry();
    std::optional<core::ExperimentSpec> spec;
    std::filesystem::path db;
    if (resume || show) {
        db = cmd.existingDb();
    } else {
        spec = core::ExperimentSpec::fromFile(opts.positional()[0], registry);
        if (!spec->sweep)
            throw std::invalid_argument(
                opts.positional()[0]
                + ": no model has \"sweep\" ranges; 'recscope-cli run' runs it");
        db = opts.value("db").value_or(
            (std::filesystem::path(opts.positional()[0]).parent_path() / "recscope.db").string());
    }
    core::ProjectStore store(db);
    std::vector<std::int64_t> sweepIds;
    int code = 0;
    if (show) {
        sweepIds.push_back(parseRunId(*opts.value("show")));
        store.sweep(sweepIds.back()); // names a missing sweep before anything else
    } else {
        core::ExperimentRunner runner(registry, store);
        if (auto dir = opts.value("checkpoints"))
            runner.setCheckpointDir(*dir);
        std::stop_source stop;
        const InterruptGuard interrupt(stop);
        const std::int64_t resumeId = resume ? parseRunId(*opts.value("resume")) : 0;
        if (resume)
            spec = core::ExperimentSpec::fromJson(store.experimentSpec(
                                                      store.sweep(resumeId).experimentId),
                                                  registry);
        ConsoleObserver observer(opts.flag("quiet"), spec->validMetric);
        const auto result = resume ? runner.resumeSweep(resumeId, stop.get_token(), observer)
                                   : runner.run(*spec, stop.get_token(), observer);
        for (const auto &s : store.sweeps())
            if (s.experimentId == result.experimentId && (!resume || s.id == resumeId))
                sweepIds.push_back(s.id);
        for (const auto &r : result.runs)
            code = r.status == core::RunStatus::Failed ? 1 : code;
        code = stop.stop_requested() ? 130 : code;
    }
    nlohmann::json all = nlohmann::json::array();
    for (const auto id : sweepIds) {
        const auto summary = core::summarizeSweep(store, id);
        if (opts.flag("json"))
            all.push_back(sweepJson(summary));
        else
            printSweep(summary);
    }
    if (opts.flag("json"))
        std::printf("%s\n", all.dump(2).c_str());
    return code;
}

} // namespace recscope::app
