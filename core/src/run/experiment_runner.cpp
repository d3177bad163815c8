// SPDX-License-Identifier: MIT
#include "recscope/core/experiment_runner.h"

#include "experiment/run_identity.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "recscope/core/split_files.h"
#include "recscope/core/store.h"
#include "recscope/core/task.h"
#include "run/storing_observer.h"
#include "run/task_run.h"
#include "train/device.h"
#include "train/module_files.h"
#include "util/json_reader.h"

#include <torch/utils.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace recscope::core {

using namespace detail;

namespace {

std::string statsJson(const DatasetStats &s, const PrepareReport &rep)
{
    nlohmann::json j{{"users", s.users},
                     {"items", s.items},
                     {"interactions", s.interactions},
                     {"density", s.density},
                     {"item_gini", s.itemGini},
                     {"mean_per_user", s.meanPerUser},
                     {"prepare", rep.summary()}};
    return j.dump();
}

} // namespace

ExperimentRunner::ExperimentRunner(const Registry &registry, ProjectStore &store)
    : m_registry(registry)
    , m_store(store)
{}

ExperimentRunner::~ExperimentRunner() = default;

void ExperimentRunner::setCheckpointDir(std::filesystem::path dir)
{
    m_checkpointDir
        = dir.empty() ? dir
                      : std::filesystem::absolute(dir); // stored with the run, read from any folder
}

std::unique_ptr<ExperimentRunner::Prepared>
ExperimentRunner::prepare(const ExperimentSpec &spec, RunObserver &observer, bool storeDataset)
{
    if (!m_checkpointDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(m_checkpointDir, ec);
        if (ec)
            throw StoreError("cannot create the checkpoint folder " + m_checkpointDir.string()
                             + ": " + ec.message());
    }
    observer.onLog(LogLevel::Info,
                   std::string("loading dataset (") + formatName(spec.dataset) + ")");
    PrepareReport rep;
    auto p = std::make_unique<PreparedData>();
    p->data = prepareDataset(loadExperimentData(spec.dataset, spec.split), spec.prepare, &rep);
    observer.onLog(LogLevel::Info, "prepared: " + rep.summary());
    if (p->data.numInteractions() == 0) // before: runs "finished" with metrics of nobody
        throw ConfigError("prepare",
                          "no interactions are left after preparation (" + rep.summary()
                              + "); lower the k-core thresholds or the implicit threshold");
    p->split = makeSplit(p->data, spec.split);
    if (p->split.test.empty())
        throw ConfigError(
            "split",
            std::string("the ") + splitKindName(spec.split.kind)
                + " split leaves no test interactions (" + p->split.describe()
                + (spec.split.kind == SplitKind::LeaveOneOut
                       ? "); leave-one-out tests only users with at least three interactions"
                       : ")"));
    if (spec.sweep && p->split.valid.empty())
        throw ConfigError("sweep",
                          "a sweep selects on validation, and the split has no validation part");
    const std::string stats = storeDataset ? statsJson(computeStats(p->data), rep)
                                           : std::string(); // before an attack adds fake users
    if (spec.attack) {
        p->attack = applyAttack(p->data, p->split, *spec.attack);
        observer.onLog(LogLevel::Info,
                       spec.attack->kind + " attack: " + std::to_string(p->attack->fakeUsers)
                           + " fake users, " + std::to_string(p->attack->targets.size()) + " "
                           + spec.attack->targetBand + " target items");
    }
    observer.onLog(LogLevel::Info,
                   std::string(splitKindName(spec.split.kind)) + " split: " + p->split.describe());
    p->device = resolveDevice(spec.device);
    m_registry.task(spec.task).prepare(*p, spec, observer);
    if (storeDataset) // once the spec is known to be runnable: a refused spec leaves no dataset row
        p->datasetId = m_store.addDataset(p->data.name, p->data.source, stats);
    return p;
}

ExperimentResult
ExperimentRunner::run(const ExperimentSpec &spec, std::stop_token stop, RunObserver &observer)
{
    ExperimentResult result;
    const auto prepared = prepare(spec, observer, true);
    result.experimentId = m_store.addExperiment(spec.name, spec.specJson);
    for (std::size_t k = 0; k < spec.models.size(); ++k) {
        const ModelEntry &entry = spec.models[k];
        if (!entry.sweep.empty()) {
            runSweep(*prepared, spec, int(k), 0, result, stop, observer);
        } else {
            for (const auto seed : spec.runSeeds()) {
                if (stop.stop_requested())
                    break;
                RunGroup group;
                group.configKey = configKey(spec, entry);
                RunPlan plan;
                plan.seed = seed;
                startRun(*prepared, spec, entry, group, plan, result, stop, observer);
            }
        }
        if (stop.stop_requested())
            break;
    }
    return result;
}

RunSummary ExperimentRunner::startRun(const Prepared &p,
                                      const ExperimentSpec &spec,
                                      const ModelEntry &entry,
                                      const RunGroup &group,
                                      const RunPlan &plan,
                                      ExperimentResult &result,
                                      std::stop_token stop,
                                      RunObserver &observer)
{
    const auto runId = m_store.beginRun(result.experimentId,
                                        p.datasetId,
                                        entry.id,
                                        entry.label,
                                        paramsToJson(entry.params).dump(),
                                        p.device.str(),
                                        plan.seed,
                                        group);
    result.runIds.push_back(runId);
    result.runs.push_back(trainAndTest(p, spec, entry, runId, plan, stop, observer));
    return result.runs.back();
}

ExperimentResult
ExperimentRunner::resume(std::int64_t runId, std::stop_token stop, RunObserver &observer)
{
    const RunRecord record = m_store.run(runId);
    if (!isResumable(record.status))
        throw ConfigError("run",
                          "run " + std::to_string(runId) + " is " + runStatusName(record.status)
                              + "; only a cancelled, failed or interrupted run can be resumed");
    std::filesystem::path checkpoint;
    for (const auto &[kind, path] : m_store.artifacts(runId))
        if (kind == "checkpoint")
            checkpoint = path;
    if (checkpoint.empty() || !std::filesystem::exists(checkpoint))
        throw ConfigError("run",
                          "run " + std::to_string(runId) + " has no checkpoint to resume from"
                              + (checkpoint.empty()
                                     ? std::string(" (it was trained without a checkpoint folder)")
                                     : ": " + checkpoint.string() + " is gone"));
    const ExperimentSpec spec
        = ExperimentSpec::fromJson(m_store.experimentSpec(record.experimentId), m_registry);
    const ModelEntry entry = storedEntry(m_registry, spec, record);
    const std::string owner = m_store.projectId() + ":" + std::to_string(runId);
    const int epochsDone = checkpointEpoch(checkpoint, owner); // before reopenRun cuts the curves
    const auto prepared = prepare(spec, observer, false);
    prepared->datasetId = record.datasetId;
    m_store.reopenRun(runId, epochsDone);
    removeStaleTemporaries(checkpoint.parent_path(),
                           runFileStem(m_store, runId)); // the run is ours now
    ExperimentResult result;
    result.experimentId = record.experimentId;
    result.runIds.push_back(runId);
    const RunPlan plan{record.seed, record.sweepRole != "trial", checkpoint, record.trainSeconds};
    result.runs.push_back(trainAndTest(*prepared, spec, entry, runId, plan, stop, observer));
    return result;
}

RunSummary ExperimentRunner::trainAndTest(const Prepared &p,
                                          const ExperimentSpec &spec,
                                          const ModelEntry &entry,
                                          std::int64_t runId,
                                          const RunPlan &plan,
                                          std::stop_token stop,
                                          RunObserver &observer)
{
    RunSummary summary;
    summary.model = entry.label;
    summary.device = p.device.str();
    observer.onRunBegin(runId, entry.label, summary.device);
    StoringObserver storing(m_store, runId, observer);
    try {
        torch::manual_seed(plan.seed);
        storing.onLog(LogLevel::Info, entry.label + ": preparing on " + summary.device);
        const bool trainable = m_registry.info(entry.id)->trainable;
        TrainOptions o = trainable ? TrainOptions::fromParams(entry.params) : TrainOptions{};
        o.validMetric = spec.validMetric;
        o.seed = plan.seed;
        o.checkpointOwner = m_store.projectId() + ":" + std::to_string(runId);
        if (!plan.checkpoint.empty()) {
            o.checkpoint = plan.checkpoint;
            o.resume = true;
        } else if (!m_checkpointDir.empty() && trainable) {
            o.checkpoint = m_checkpointDir / (runFileStem(m_store, runId) + ".pt");
            m_store.addArtifact(runId, "checkpoint", o.checkpoint.string());
        }
        TaskRun run{m_registry,
                    m_store,
                    p,
                    spec,
                    entry,
                    o,
                    runId,
                    plan.test,
                    m_checkpointDir,
                    stop,
                    storing,
                    summary};
        m_registry.task(spec.task).trainAndTest(run);
        summary.trainSeconds += plan.trainSecondsBefore;
    } catch (const Error &e) {
        summary.status = RunStatus::Failed;
        summary.message = e.what();
    } catch (const c10::Error &e) {
        summary.status = RunStatus::Failed;
        summary.message = std::string("LibTorch: ") + e.what_without_backtrace();
    } catch (const std::bad_alloc &) {
        summary.status = RunStatus::Failed;
        summary.message = "out of memory; lower batch_size or eval.user_batch";
    }
    storing.flush();
    if (summary.status == RunStatus::Failed)
        observer.onLog(LogLevel::Error, entry.label + " failed: " + summary.message);
    m_store.finishRun(runId, summary);
    observer.onRunEnd(runId, summary);
    return summary;
}

} // namespace recscope::core
