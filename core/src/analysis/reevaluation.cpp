// SPDX-License-Identifier: MIT
// The reproducibility check: a stored run's test metrics against a fresh evaluation of its saved
// model in this process.
#include "recscope/core/reevaluation.h"

#include "analysis/loaded_run.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "recscope/core/store.h"
#include "recscope/core/task.h"

#include <cmath>

namespace recscope::core {

using namespace detail;

namespace {

/// Metrics that measure the machine, not the model, or count what was evaluated.
bool comparable(const std::string &name)
{
    return name != "users" && name != "samples" && name.rfind("SearchMs", 0) != 0;
}

} // namespace

Reevaluation reevaluateRun(const Registry &registry,
                           const ProjectStore &store,
                           std::int64_t runId,
                           std::stop_token stop)
{
    const RunRecord record = store.run(runId);
    if (record.status != RunStatus::Finished)
        throw ConfigError("run",
                          "run " + std::to_string(runId) + " is " + runStatusName(record.status)
                              + "; only a finished run has test metrics");
    if (record.sweepRole
        == "trial") // its test metrics stay unseen: the sweep selects on validation only
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + " is a sweep trial, judged on validation only and never tested");
    const MetricValues stored = store.finalMetrics(runId, "test");
    if (stored.empty())
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + " has no stored test metrics to compare with");
    LoadedRun run;
    run.load(registry, store, runId);
    Reevaluation r;
    r.stored = stored;
    {
        torch::NoGradGuard noGrad;
        r.fresh = registry.task(run.spec.task).retest(run, stop);
    }
    if (stop.stop_requested())
        throw Cancelled("re-evaluation");
    for (const auto &[name, value] : r.stored) {
        if (!comparable(name))
            continue;
        const auto it = r.fresh.find(name);
        const double fresh
            = it == r.fresh.end() ? NAN : it->second; // a metric that is no longer computed differs
        const double diff = std::isnan(value) && std::isnan(fresh) && it != r.fresh.end()
                                ? 0.0
                                : std::abs(value - fresh);
        if (!(diff <= r.maxDifference)) { // NaN on one side only counts as the worst
            r.maxDifference = std::isnan(diff) ? INFINITY : diff;
            r.worstMetric = name;
        }
    }
    return r;
}

} // namespace recscope::core
