// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/log.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace recscope::core {

/// One value of a curve: "train/loss" at epoch 3, "valid/NDCG@10" at epoch 5, ...
struct MetricSample
{
    std::string name;
    int step = 0;
    double value = 0;
};

enum class RunStatus {
    Queued,
    Running,
    Finished,
    Cancelled,
    Failed,
    Interrupted
};

RS_CORE_EXPORT const char *runStatusName(RunStatus status);
RS_CORE_EXPORT RunStatus parseRunStatus(std::string_view name);
/// A run or sweep that stopped before its end and can go on from its checkpoint.
inline bool isResumable(RunStatus status)
{
    return status == RunStatus::Cancelled || status == RunStatus::Failed
           || status == RunStatus::Interrupted;
}

/// What a training job ended with.
struct RunSummary
{
    RunStatus status = RunStatus::Finished;
    std::string model;
    std::string device;
    int epochs = 0;
    int bestEpoch = 0;
    double trainSeconds = 0;
    double evalSeconds = 0;
    std::map<std::string, double> valid; ///< at the best epoch
    std::map<std::string, double> test;
    std::string message; ///< why it stopped early, or the error
};

/// Where a hyper-parameter sweep stands: trial runs done of planned, and the best so far on
/// validation (bestTrial -1 until a trial finished).
struct SweepProgress
{
    std::int64_t sweepId = 0;
    std::string label;
    int runsDone = 0,
        runsTotal = 0; ///< trial runs (trials × seeds), then the selected configuration's runs
    int bestTrial = -1;
    double bestValue = 0; ///< mean validation value of bestTrial over its seeds
};

/// Events of a running job, called on the worker thread. The GUI bridges them to queued
/// signals; the CLI prints them. Every method has an empty default.
class RS_CORE_EXPORT RunObserver
{
public:
    virtual ~RunObserver();
    /// An experiment trains its models one after another; events between these two belong to runId.
    virtual void onRunBegin(std::int64_t runId, std::string_view label, std::string_view device);
    virtual void onRunEnd(std::int64_t runId, const RunSummary &summary);
    virtual void onEpochBegin(int epoch, int totalEpochs);
    virtual void onMetric(const MetricSample &sample);
    virtual void onProgress(double fraction, std::string_view what);
    virtual void onLog(LogLevel level, std::string_view message);
    virtual void onCheckpoint(const std::filesystem::path &file);
    virtual void onSweepProgress(const SweepProgress &progress);
};

} // namespace recscope::core
