// SPDX-License-Identifier: MIT
#pragma once
// The engine's side of a task (recscope/core/task.h): what ExperimentRunner hands a task to
// prepare an experiment's data and to train and test one run.

#include "train/trainer.h"

#include <recscope/core/attack.h>
#include <recscope/core/dataset.h>
#include <recscope/core/experiment.h>
#include <recscope/core/run_observer.h>
#include <recscope/core/split.h>

#include <torch/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>

namespace recscope::core {
class Registry;
class ProjectStore;
} // namespace recscope::core

namespace recscope::core::detail {

/// What a task derives from the prepared data for all of an experiment's runs (CTR samples).
struct TaskData
{
    virtual ~TaskData() = default;
};

/// What every model of an experiment shares: the prepared data, its split and the device.
struct PreparedData
{
    Dataset data;
    Split split;
    torch::Device device = torch::kCPU;
    std::int64_t datasetId = 0;
    std::optional<AttackPlan> attack;   ///< the targets (and fake users) when the spec attacks
    std::unique_ptr<TaskData> taskData; ///< set by Task::prepare
};

/// One run as a task trains and tests it.
struct TaskRun
{
    const Registry &registry;
    ProjectStore &store;
    const PreparedData &prepared;
    const ExperimentSpec &spec;
    const ModelEntry &entry;
    const TrainOptions &options;
    std::int64_t runId = 0;
    bool test = true;                    ///< false for a sweep trial: judged on validation only
    std::filesystem::path checkpointDir; ///< empty: no files are kept
    std::stop_token stop;
    RunObserver &observer;
    RunSummary &summary;

    /// Keeps the trained weights (best epoch) beside the checkpoints as the run's "model"
    /// artifact, for the inspectors and re-evaluation; nothing without a checkpoint folder.
    void saveModel(torch::nn::Module &module) const;
    /// The training loop's outcome into the summary.
    void applyOutcome(const TrainOutcome &outcome) const;
    /// Times the test and stores its metrics; false when a stop cut it short (the run is then
    /// cancelled).
    template<class Test>
    bool runTest(Test &&test) const;
};

template<class Test>
bool TaskRun::runTest(Test &&testFn) const
{
    const auto e0 = std::chrono::steady_clock::now();
    observer.onLog(LogLevel::Info, entry.label + ": testing");
    summary.test = testFn();
    summary.evalSeconds
        += std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count();
    if (stop.stop_requested()) {
        summary.status = RunStatus::Cancelled;
        return false;
    }
    return true;
}

} // namespace recscope::core::detail
