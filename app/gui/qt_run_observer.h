// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_observer.h>

#include <QtCore/QObject>
#include <QtCore/QString>

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace recscope::app {

/// One event of a worker, as the GUI thread receives it.
struct RunEvent
{
    enum Kind {
        RunBegin,
        Samples,
        Progress,
        Log,
        RunEnd,
        Sweep
    } kind;
    qint64 runId = 0;
    QString text;   ///< label, progress phase or log line
    QString device; ///< RunBegin
    double fraction = 0;
    std::vector<core::MetricSample> samples; ///< Samples
    core::RunSummary summary;                ///< RunEnd
    core::SweepProgress sweep;               ///< Sweep
};

/// The core → Qt bridge of STYLE §6.3: called on the worker thread, it appends events to a
/// mutex-guarded buffer and posts at most one pending wake-up to the GUI thread; the GUI drains
/// the buffer in one go. Metric samples of consecutive calls are merged into one event.
class QtRunObserver final : public core::RunObserver
{
public:
    /// wake runs on the worker thread; it must only post (e.g. QMetaObject::invokeMethod queued).
    explicit QtRunObserver(std::function<void()> wake);

    std::vector<RunEvent> drain(); ///< GUI thread

    void onRunBegin(std::int64_t runId, std::string_view label, std::string_view device) override;
    void onRunEnd(std::int64_t runId, const core::RunSummary &summary) override;
    void onMetric(const core::MetricSample &sample) override;
    void onProgress(double fraction, std::string_view what) override;
    void onLog(core::LogLevel level, std::string_view message) override;
    void onSweepProgress(const core::SweepProgress &progress) override;

private:
    void push(RunEvent event);

    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::vector<RunEvent> m_events;
    std::atomic<bool> m_posted{false};
    qint64 m_run = 0; ///< worker thread only
    double m_lastProgress = -1;
};

} // namespace recscope::app
