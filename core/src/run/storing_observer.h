// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_observer.h>
#include <recscope/core/store.h>

#include <vector>

namespace recscope::core::detail {

/// Forwards events to the host's observer and writes epoch metrics to the store, one
/// transaction per epoch (the worker's own connection; WAL lets readers continue).
class StoringObserver final : public RunObserver
{
public:
    StoringObserver(ProjectStore &store, std::int64_t runId, RunObserver &next);
    void onEpochBegin(int epoch, int totalEpochs) override;
    void onMetric(const MetricSample &sample) override;
    void onProgress(double fraction, std::string_view what) override;
    void onLog(LogLevel level, std::string_view message) override;
    void onCheckpoint(const std::filesystem::path &file) override;
    void flush();

private:
    ProjectStore &m_store;
    std::int64_t m_runId;
    RunObserver &m_next;
    std::vector<MetricSample> m_pending;
};

} // namespace recscope::core::detail
