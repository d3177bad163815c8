// SPDX-License-Identifier: MIT
// Sweeps: every trial of a model entry's ranges runs on every seed and is judged on validation
// only (trial runs are never tested); the trial with the best mean validation value is then run
// again on every seed and tested — its test metrics are the sweep's one reported result.
#include "experiment/run_identity.h"
#include "recscope/core/error.h"
#include "recscope/core/experiment_runner.h"
#include "recscope/core/registry.h"
#include "recscope/core/store.h"
#include "run/task_run.h"
#include "util/json_reader.h"

#include <map>
#include <numeric>
#include <tuple>

namespace recscope::core {

using namespace detail;

namespace {

std::string trialsJson(const std::vector<ParamSet> &trials)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &t : trials)
        out.push_back(paramsToJson(t));
    return out.dump();
}

/// The finished runs a sweep already has, by (role, trial, seed).
std::map<std::tuple<std::string, int, std::uint64_t>, std::int64_t>
finishedRuns(const ProjectStore &store, std::int64_t sweepId)
{
    std::map<std::tuple<std::string, int, std::uint64_t>, std::int64_t> out;
    if (sweepId == 0)
        return out;
    for (const auto &r : store.runs())
        if (r.sweepId == sweepId && r.status == RunStatus::Finished)
            out[{r.sweepRole, r.sweepTrial, r.seed}] = r.id;
    return out;
}

} // namespace

void ExperimentRunner::runSweep(const Prepared &p,
                                const ExperimentSpec &spec,
                                int modelIndex,
                                std::int64_t sweepId,
                                ExperimentResult &result,
                                std::stop_token stop,
                                RunObserver &observer)
{
    const ModelEntry &entry = spec.models[std::size_t(modelIndex)];
    const SweepConfig &config = *spec.sweep;
    const auto trials = planTrials(m_registry.info(entry.id)->params,
                                   entry.params,
                                   entry.sweep,
                                   config,
                                   "models[" + std::to_string(modelIndex) + "]");
    const auto seeds = spec.runSeeds();
    const std::string plan = trialsJson(trials);
    if (sweepId == 0)
        sweepId = m_store.addSweep(result.experimentId,
                                   modelIndex,
                                   entry.label,
                                   sweepMethodName(config.method),
                                   config.metric,
                                   plan,
                                   nlohmann::json(seeds).dump());
    else if (m_store.sweep(sweepId).trialsJson != plan)
        throw ConfigError(
            "sweep",
            "sweep " + std::to_string(sweepId)
                + "'s stored trials differ from what its spec plans now; start a new sweep");
    const auto done = finishedRuns(m_store, sweepId);
    SweepProgress progress{sweepId, entry.label, 0, int((trials.size() + 1) * seeds.size())};
    std::vector<std::vector<double>> valid(trials.size());
    auto stopped = [&](const RunSummary &s) {
        if (s.status != RunStatus::Cancelled && !stop.stop_requested())
            return false;
        m_store.setSweepStatus(sweepId,
                               RunStatus::Cancelled,
                               -1,
                               "cancelled after " + std::to_string(progress.runsDone) + " runs");
        return true;
    };
    for (std::size_t t = 0; t < trials.size(); ++t) {
        ModelEntry trial = entry;
        trial.params = trials[t];
        trial.sweep.clear();
        for (const auto seed : seeds) {
            if (const auto it = done.find({"trial", int(t), seed});
                it != done.end()) { // a resumed sweep keeps it
                const auto metrics = m_store.finalMetrics(it->second, "valid");
                if (const auto m = metrics.find(config.metric); m != metrics.end())
                    valid[t].push_back(m->second);
            } else {
                const RunSummary s
                    = startRun(p,
                               spec,
                               trial,
                               RunGroup{configKey(spec, trial), sweepId, int(t), "trial"},
                               RunPlan{seed, false, {}, 0}, // a trial: validation only
                               result,
                               stop,
                               observer);
                if (stopped(s))
                    return;
                if (const auto m = s.valid.find(config.metric);
                    s.status == RunStatus::Finished && m != s.valid.end())
                    valid[t].push_back(m->second);
            }
            ++progress.runsDone;
            progress.bestTrial = selectTrial(valid);
            if (progress.bestTrial >= 0) {
                const auto &v = valid[std::size_t(progress.bestTrial)];
                progress.bestValue = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
            }
            observer.onSweepProgress(progress);
        }
    }
    // A trial competes only with every seed finished: a mean over fewer, luckier seeds would not
    // be comparable with the others'.
    int incomplete = 0;
    for (auto &v : valid)
        if (v.size() < seeds.size()) {
            incomplete += !v.empty();
            v.clear();
        }
    const int best = selectTrial(valid);
    if (best < 0) {
        m_store.setSweepStatus(sweepId,
                               RunStatus::Failed,
                               -1,
                               "no trial finished every seed with a validation " + config.metric);
        return;
    }
    if (incomplete > 0)
        observer.onLog(LogLevel::Warning,
                       entry.label + ": " + std::to_string(incomplete)
                           + " trial(s) failed on some seed and were not selectable");
    observer.onLog(LogLevel::Info,
                   entry.label + ": sweep selected trial " + std::to_string(best + 1) + " of "
                       + std::to_string(trials.size()) + " ("
                       + describeTrial(trials[std::size_t(best)], entry.sweep) + ") on validation "
                       + config.metric);
    ModelEntry selected = entry;
    selected.params = trials[std::size_t(best)];
    selected.sweep.clear();
    int tested = 0;
    for (const auto seed : seeds) {
        if (done.count({"final", best, seed})) {
            ++tested;
        } else {
            const RunSummary s
                = startRun(p,
                           spec,
                           selected,
                           RunGroup{configKey(spec, selected), sweepId, best, "final"},
                           RunPlan{seed, true, {}, 0},
                           result,
                           stop,
                           observer);
            if (stopped(s))
                return;
            tested += s.status == RunStatus::Finished;
        }
        ++progress.runsDone;
        observer.onSweepProgress(progress);
    }
    if (tested == int(seeds.size()))
        m_store.setSweepStatus(sweepId, RunStatus::Finished, best);
    else // resumable: the finished runs are kept
        m_store.setSweepStatus(sweepId,
                               RunStatus::Failed,
                               best,
                               std::to_string(seeds.size() - std::size_t(tested))
                                   + " of the selected trial's test runs failed");
}

ExperimentResult
ExperimentRunner::resumeSweep(std::int64_t sweepId, std::stop_token stop, RunObserver &observer)
{
    const SweepRecord record = m_store.sweep(sweepId);
    if (!isResumable(record.status))
        throw ConfigError("sweep",
                          "sweep " + std::to_string(sweepId) + " is " + runStatusName(record.status)
                              + "; only a cancelled, failed or interrupted sweep can be resumed");
    const ExperimentSpec spec
        = ExperimentSpec::fromJson(m_store.experimentSpec(record.experimentId), m_registry);
    if (record.modelIndex < 0 || record.modelIndex >= int(spec.models.size())
        || spec.models[std::size_t(record.modelIndex)].sweep.empty())
        throw ConfigError("sweep",
                          "sweep " + std::to_string(sweepId)
                              + " is not in its experiment's stored spec");
    const auto prepared = prepare(spec, observer, false);
    for (const auto &r : m_store.runs())
        if (r.experimentId == record.experimentId && r.datasetId > 0)
            prepared->datasetId = r.datasetId;
    m_store.setSweepStatus(sweepId, RunStatus::Running, -1);
    ExperimentResult result;
    result.experimentId = record.experimentId;
    runSweep(*prepared, spec, record.modelIndex, sweepId, result, stop, observer);
    return result;
}

} // namespace recscope::core
