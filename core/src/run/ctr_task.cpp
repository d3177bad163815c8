// SPDX-License-Identifier: MIT
#include "run/ctr_task.h"

#include "analysis/loaded_run.h"
#include "ctr/ctr_runner.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "run/task_run.h"

#include <algorithm>

namespace recscope::core::detail {

namespace {

/// The click samples every run of a CTR experiment trains and is tested on.
struct CtrSamples final : TaskData
{
    CtrSamples(const Dataset &data, const Split &split, const ExperimentSpec &spec)
        : samples(data,
                  split,
                  spec.ctr,
                  spec.seed) // negatives drawn with the spec's seed: part of the data
    {}
    CtrData samples;
};

/// As large as training batches, and never below 512 samples.
std::int64_t evalBatch(std::int64_t batchSize)
{
    return std::max<std::int64_t>(batchSize, 512);
}

} // namespace

std::string CtrTask::defaultValidMetric(const ExperimentSpec &) const
{
    return "AUC";
}

std::vector<std::string> CtrTask::selectionMetrics(const ExperimentSpec &) const
{
    return {"AUC", "GAUC"};
}

void CtrTask::checkSelectionMetric(const ExperimentSpec &,
                                   const std::string &metric,
                                   const std::string &key) const
{
    if (metric != "AUC" && metric != "GAUC")
        throw ConfigError(key, "for the ctr task use AUC or GAUC, not '" + metric + "'");
}

std::vector<std::string> CtrTask::resultColumns(const ExperimentSpec &spec,
                                                const std::vector<MetricValues> &) const
{
    const std::string k = std::to_string(spec.ctr.searchK);
    return {"AUC",
            "GAUC",
            "LogLoss",
            "SearchNDCG@" + k,
            "SearchRPrecision",
            "SearchPrecision@" + k,
            "SearchRecall@" + k};
}

std::string CtrTask::protocol(const ExperimentSpec &spec, const MetricValues &test) const
{
    const auto samples = test.find("samples");
    return std::string("ctr task, ") + splitKindName(spec.split.kind) + " split, "
           + std::to_string(spec.ctr.negatives) + " sampled negative(s) per click, up to "
           + std::to_string(spec.ctr.maxHistory) + " behaviours; test samples: "
           + std::to_string(samples == test.end() ? 0 : std::llround(samples->second));
}

void CtrTask::prepare(PreparedData &p, const ExperimentSpec &spec, RunObserver &observer) const
{
    auto ctr = std::make_unique<CtrSamples>(p.data, p.split, spec);
    const CtrData &s = ctr->samples;
    observer.onLog(LogLevel::Info,
                   "ctr samples: " + std::to_string(s.train.size()) + " train / "
                       + std::to_string(s.valid.size()) + " valid / "
                       + std::to_string(s.test.size()) + " test, up to "
                       + std::to_string(spec.ctr.maxHistory) + " behaviours each");
    p.taskData = std::move(ctr);
}

void CtrTask::trainAndTest(TaskRun &run) const
{
    CtrData &data = static_cast<CtrSamples &>(*run.prepared.taskData).samples;
    data.setDevice(run.prepared.device);
    auto model = run.registry.ctrFactory(run.entry.id)->create(run.entry.params);
    model->setup(data.shape());
    CtrTrainAdapter adapter(*model, data);
    const std::int64_t batch = evalBatch(run.options.batchSize);
    auto validate = [&] { return evaluateCtr(*model, data, data.valid, batch, false, run.stop); };
    sdk::TrainData none; // the adapter reads CtrData; the loop only needs the device
    none.device = run.prepared.device;
    run.applyOutcome(
        trainModel(adapter,
                   none,
                   run.options,
                   data.valid.empty() ? nullptr : std::function<MetricValues()>(validate),
                   run.stop,
                   run.observer));
    if (run.summary.status == RunStatus::Cancelled)
        return;
    if (run.test && !run.runTest([&] {
            return evaluateCtr(*model, data, data.test, batch, true, run.stop);
        }))
        return;
    run.saveModel(model->module());
}

void CtrTask::loadData(LoadedRun &run) const
{
    run.ctr = std::make_unique<CtrData>(run.data, run.split, run.spec.ctr, run.spec.seed);
}

void CtrTask::loadModel(LoadedRun &run, const std::string &weights) const
{
    run.ctrModel = run.registry->ctrFactory(run.entry.id)->create(run.entry.params);
    run.ctrModel->setup(run.ctr->shape());
    loadModuleWeights(run.ctrModel->module(), weights);
    run.ctrModel->module().eval();
}

MetricValues CtrTask::retest(const LoadedRun &run, std::stop_token stop) const
{
    const std::int64_t batch = evalBatch(run.entry.params.getInt("batch_size")); // as trainAndTest
    return evaluateCtr(*run.ctrModel, *run.ctr, run.ctr->test, batch, true, stop);
}

} // namespace recscope::core::detail
