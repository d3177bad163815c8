// SPDX-License-Identifier: MIT
#include "run/storing_observer.h"

namespace recscope::core::detail {

StoringObserver::StoringObserver(ProjectStore &store, std::int64_t runId, RunObserver &next)
    : m_store(store)
    , m_runId(runId)
    , m_next(next)
{}

void StoringObserver::onEpochBegin(int epoch, int totalEpochs)
{
    flush();
    m_next.onEpochBegin(epoch, totalEpochs);
}

void StoringObserver::onMetric(const MetricSample &sample)
{
    m_pending.push_back(sample);
    m_next.onMetric(sample);
}

void StoringObserver::onProgress(double fraction, std::string_view what)
{
    m_next.onProgress(fraction, what);
}

void StoringObserver::onLog(LogLevel level, std::string_view message)
{
    m_next.onLog(level, message);
}

void StoringObserver::onCheckpoint(const std::filesystem::path &file)
{
    flush(); // metrics of the checkpointed epoch are durable before the checkpoint is announced
    m_next.onCheckpoint(file);
}

void StoringObserver::flush()
{
    if (m_pending.empty())
        return;
    m_store.addEpochMetrics(m_runId, m_pending);
    m_pending.clear();
}

} // namespace recscope::core::detail
