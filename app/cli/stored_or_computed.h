// SPDX-License-Identifier: MIT
#pragma once
// What `audit`, `loop` and `extract` share: print a run's latest stored analysis (--stored) or
// compute a new one (Ctrl-C cancels it), as a table or as JSON (--json).

#include "cli_options.h"

#include <recscope/core/store.h>

#include <cstdio>
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

} // namespace recscope::app
