// SPDX-License-Identifier: MIT
#pragma once
// What `audit`, `loop` and `extract` share: their config's options, the project and the run,
// then a run's latest stored analysis (--stored) or a new one (Ctrl-C cancels it), printed as a
// table or as JSON (--json).

#include "cli_options.h"
#include "command_line.h"
#include "config_flags.h"

#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace recscope::app {

/// kind: the analysis as the store keeps it; what and command
/// name it in the message when nothing is stored.
template<class Report, class Compute, class Print>
int storedOrComputed(const CliOptions &opts,
                     const core::ProjectStore &store,
                     std::int64_t runId,
                     core::AnalysisKind kind,
                     const std::string &what,
                     const std::string &command,
                     Compute compute,
                     Print print)
{
    Report report;
    if (opts.flag("stored")) {
        const auto stored = store.audits(runId, kind);
        if (stored.empty())
            throw std::invalid_argument("run " + std::to_string(runId) + " has no stored " + what
                                        + "; run 'recscope-cli " + command + " "
                                        + std::to_string(runId) + " --db …'");
        report = Report::fromJson(stored.back());
    } else {
        std::stop_source stop;
        InterruptGuard guard(stop);
        report = compute(stop.get_token());
    }
    if (opts.flag("json"))
        std::printf("%s\n", report.toJson().c_str());
    else
        print(report);
    return 0;
}

/// One analysis command: its help around its config's options, how the store keeps its
/// reports, and how a new one is computed and printed.
template<class Config, class Report>
struct AnalysisCommand
{
    const char *help; ///< usage and description, ending where the config's options begin
    const char *tail; ///< the lines after them
    core::AnalysisKind kind;
    const char *what;    ///< "feedback loop"
    const char *command; ///< "loop"
    std::function<Report(const core::Registry &,
                         core::ProjectStore &,
                         std::int64_t run,
                         const Config &,
                         std::stop_token)>
        compute;
    std::function<void(const Report &)> print;
};

template<class Config, class Report>
int runAnalysisCommand(const std::vector<std::string> &args,
                       const AnalysisCommand<Config, Report> &a)
{
    std::string help;
    CommandLine cmd(args,
                    withConfigOptions({"", {"db"}, {"stored", "json"}, 1, {"db"}},
                                      Config::fields(),
                                      &help,
                                      a.help,
                                      a.tail));
    const CliOptions &opts = cmd.options();
    const std::string db = cmd.existingDb();
    Config config;
    applyConfigOptions(opts, Config::fields(), config); // core checks the values
    const core::Registry &registry = cmd.registry();
    core::ProjectStore store(db);
    const auto runId = cmd.runId();
    return storedOrComputed<Report>(
        opts,
        store,
        runId,
        a.kind,
        a.what,
        a.command,
        [&](std::stop_token stop) { return a.compute(registry, store, runId, config, stop); },
        a.print);
}

} // namespace recscope::app
