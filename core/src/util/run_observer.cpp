// SPDX-License-Identifier: MIT
#include "recscope/core/run_observer.h"

#include "recscope/core/error.h"

namespace recscope::core {

const char *runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Queued:
        return "queued";
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Interrupted:
        return "interrupted";
    }
    return "?";
}

RunStatus parseRunStatus(std::string_view name)
{
    for (auto s : {RunStatus::Queued,
                   RunStatus::Running,
                   RunStatus::Finished,
                   RunStatus::Cancelled,
                   RunStatus::Failed,
                   RunStatus::Interrupted})
        if (name == runStatusName(s))
            return s;
    throw StoreError("unknown run status '" + std::string(name) + "'");
}

RunObserver::~RunObserver() = default;
void RunObserver::onRunBegin(std::int64_t, std::string_view, std::string_view) {}
void RunObserver::onRunEnd(std::int64_t, const RunSummary &) {}
void RunObserver::onEpochBegin(int, int) {}
void RunObserver::onMetric(const MetricSample &) {}
void RunObserver::onProgress(double, std::string_view) {}
void RunObserver::onLog(LogLevel, std::string_view) {}
void RunObserver::onCheckpoint(const std::filesystem::path &) {}
void RunObserver::onSweepProgress(const SweepProgress &) {}

} // namespace recscope::core
