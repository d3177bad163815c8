// SPDX-License-Identifier: MIT
// recscope-cli evaluate: does a stored run reproduce? Its saved model evaluated afresh against
// the test metrics stored when it finished.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"

#include <recscope/core/reevaluation.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kEvaluateHelp = R"(usage: recscope-cli evaluate RUN_ID --db FILE [options]

Evaluates a finished run's saved model afresh (spec, dataset and split rebuilt, weights loaded
on the CPU; models without training are rebuilt from the data) and prints every stored test
metric next to the fresh value. Exits 1 when they differ by more than the tolerance, so a
script can check that a project's numbers are reproducible.

Options:
  --tolerance X   largest accepted |stored − fresh| [1e-6]
  --json          print {"stored", "fresh", "max_difference", "worst_metric"} as JSON
)";

} // namespace

int evaluateCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kEvaluateHelp, {"db", "tolerance"}, {"json"}, 1, {"db"}});
    const CliOptions &opts = cmd.options();
    const std::string db = cmd.existingDb();
    const std::int64_t runId = cmd.runId();
    const double tolerance = opts.number("tolerance", 1e-6);
    if (!(tolerance >= 0))
        throw std::invalid_argument("--tolerance: expected a number ≥ 0");
    core::Registry &registry = cmd.registry();
    const core::ProjectStore store(db, core::ProjectStore::OpenMode::ReadOnly);
    std::stop_source stop;
    const InterruptGuard interrupt(stop);
    const auto r = core::reevaluateRun(registry, store, runId, stop.get_token());
    const bool same = r.maxDifference <= tolerance;
    if (opts.flag("json")) {
        nlohmann::json j{{"run", runId},
                         {"stored", r.stored},
                         {"fresh", r.fresh},
                         {"max_difference", r.maxDifference},
                         {"worst_metric", r.worstMetric},
                         {"reproduced", same}};
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%-24s %12s %12s %12s\n", "metric", "stored", "fresh", "difference");
        for (const auto &[name, value] : r.stored) {
            const auto it = r.fresh.find(name);
            if (it == r.fresh.end())
                std::printf("%-24s %12.6f %12s\n", name.c_str(), value, "-");
            else
                std::printf("%-24s %12.6f %12.6f %12.2e\n",
                            name.c_str(),
                            value,
                            it->second,
                            std::abs(value - it->second));
        }
        std::printf("\nrun %lld %s: largest difference %.3g%s%s (tolerance %.3g)\n",
                    static_cast<long long>(runId),
                    same ? "reproduces" : "DOES NOT reproduce",
                    r.maxDifference,
                    r.worstMetric.empty() ? "" : " in ",
                    r.worstMetric.c_str(),
                    tolerance);
    }
    return same ? 0 : 1;
}

} // namespace recscope::app
