// SPDX-License-Identifier: MIT
#include "recscope/core/experiment_runner.h"

#include "eval/ranking_evaluator.h"
#include "experiment/json_reader.h"
#include "model/train_data.h"
#include "recscope/core/error.h"
#include "recscope/core/model_registry.h"
#include "recscope/core/store.h"
#include "train/device.h"
#include "train/storing_observer.h"
#include "train/trainer.h"

#include <torch/utils.h>

#include <nlohmann/json.hpp>

#include <chrono>

namespace recscope::core {

using namespace detail;

namespace {

std::string statsJson(const DatasetStats &s, const PrepareReport &rep)
{
    nlohmann::json j{{"users", s.users},       {"items", s.items},         {"interactions", s.interactions},
                     {"density", s.density},   {"item_gini", s.itemGini},  {"mean_per_user", s.meanPerUser},
                     {"prepare", rep.summary()}};
    return j.dump();
}

struct Phases
{
    sdk::UserItems validTargets, testTargets, testHistory;
};

} // namespace

ExperimentRunner::ExperimentRunner(const ModelRegistry &registry, ProjectStore &store)
    : m_registry(registry)
    , m_store(store)
{}

void ExperimentRunner::setCheckpointDir(std::filesystem::path dir)
{
    m_checkpointDir = std::move(dir);
}

ExperimentResult ExperimentRunner::run(const ExperimentSpec &spec, std::stop_token stop, RunObserver &observer)
{
    ExperimentResult result;
    if (!m_checkpointDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(m_checkpointDir, ec);
        if (ec)
            throw StoreError("cannot create the checkpoint folder " + m_checkpointDir.string() + ": " + ec.message());
    }
    observer.onLog(LogLevel::Info, std::string("loading dataset (") + formatName(spec.dataset.format) + ")");
    PrepareReport rep;
    const Dataset data = prepareDataset(loadDataset(spec.dataset), spec.prepare, &rep);
    observer.onLog(LogLevel::Info, "prepared: " + rep.summary());
    const auto datasetId = m_store.addDataset(data.name, data.source, statsJson(computeStats(data), rep));
    result.experimentId = m_store.addExperiment(spec.name, spec.specJson);
    const Split split = makeSplit(data, spec.split);
    observer.onLog(LogLevel::Info, std::string(splitKindName(spec.split.kind)) + " split: " + split.describe());
    const torch::Device device = resolveDevice(spec.device);

    for (const auto &entry : spec.models) {
        if (stop.stop_requested())
            break;
        RunSummary summary;
        summary.model = entry.label;
        summary.device = device.str();
        const auto runId = m_store.beginRun(result.experimentId, datasetId, entry.id, entry.label, paramsToJson(entry.params).dump(),
                                            summary.device, spec.seed);
        result.runIds.push_back(runId);
        observer.onRunBegin(runId, entry.label, summary.device);
        StoringObserver storing(m_store, runId, observer);
        try {
            torch::manual_seed(spec.seed);
            const sdk::TrainData train = makeTrainData(data, split, device, spec.seed);
            Phases ph{userItemsOf(data, split.valid), userItemsOf(data, split.test), {}};
            ph.testHistory = concatUserItems(train.sequences, userItemsOf(data, split.valid));
            const ItemFacts facts = makeItemFacts(train, device);
            auto model = m_registry.factory(entry.id)->create(entry.params);
            storing.onLog(LogLevel::Info, entry.label + ": preparing on " + summary.device);
            const auto t0 = std::chrono::steady_clock::now();
            model->setup(train);
            auto validate = [&] { return evaluateRanking(*model, train, train.sequences, ph.validTargets, spec.eval, facts, stop); };
            if (model->trainable()) {
                TrainOptions o = TrainOptions::fromParams(entry.params);
                o.validMetric = spec.validMetric;
                o.seed = spec.seed;
                if (!m_checkpointDir.empty()) {
                    o.checkpoint = m_checkpointDir / ("run-" + std::to_string(runId) + ".pt");
                    m_store.addArtifact(runId, "checkpoint", o.checkpoint.string());
                }
                const bool hasValid = !split.valid.empty();
                auto out = trainModel(*model, train, o, hasValid ? std::function<MetricValues()>(validate) : nullptr, stop, storing);
                summary.status = out.status;
                summary.epochs = out.epochs;
                summary.bestEpoch = out.bestEpoch;
                summary.valid = out.bestValid;
                summary.trainSeconds = out.trainSeconds;
                summary.evalSeconds = out.evalSeconds;
                summary.message = out.message;
            } else {
                summary.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (!split.valid.empty())
                    summary.valid = validate();
            }
            if (summary.status != RunStatus::Cancelled) {
                const auto e0 = std::chrono::steady_clock::now();
                storing.onLog(LogLevel::Info, entry.label + ": testing");
                summary.test = evaluateRanking(*model, train, ph.testHistory, ph.testTargets, spec.eval, facts, stop);
                summary.evalSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count();
                if (stop.stop_requested())
                    summary.status = RunStatus::Cancelled;
            }
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
        result.runs.push_back(summary);
        if (summary.status == RunStatus::Cancelled)
            break;
    }
    return result;
}

} // namespace recscope::core
