// SPDX-License-Identifier: MIT
#include "qt_run_observer.h"

#include <QtCore/QDateTime>

namespace recscope::app {

QtRunObserver::QtRunObserver(std::function<void()> wake)
    : m_wake(std::move(wake))
{}

std::vector<RunEvent> QtRunObserver::drain()
{
    std::vector<RunEvent> out;
    {
        std::lock_guard lock(m_mutex);
        out.swap(m_events);
        m_posted = false;
    }
    return out;
}

void QtRunObserver::push(RunEvent event)
{
    {
        std::lock_guard lock(m_mutex);
        if (event.kind == RunEvent::Samples && !m_events.empty()
            && m_events.back().kind == RunEvent::Samples && m_events.back().runId == event.runId) {
            auto &s = m_events.back().samples;
            s.insert(s.end(), event.samples.begin(), event.samples.end());
        } else if (event.kind == RunEvent::Progress && !m_events.empty()
                   && m_events.back().kind == RunEvent::Progress) {
            m_events.back() = std::move(event); // only the latest progress matters
        } else {
            m_events.push_back(std::move(event));
        }
    }
    if (!m_posted.exchange(true))
        m_wake();
}

namespace {

RunEvent makeEvent(RunEvent::Kind kind, qint64 runId, QString text = {})
{
    RunEvent e;
    e.kind = kind;
    e.runId = runId;
    e.text = std::move(text);
    return e;
}

} // namespace

void QtRunObserver::onRunBegin(std::int64_t runId, std::string_view label, std::string_view device)
{
    m_run = runId;
    m_lastProgress = -1;
    RunEvent e = makeEvent(RunEvent::RunBegin,
                           runId,
                           QString::fromUtf8(label.data(), qsizetype(label.size())));
    e.device = QString::fromUtf8(device.data(), qsizetype(device.size()));
    push(std::move(e));
}

void QtRunObserver::onRunEnd(std::int64_t runId, const core::RunSummary &summary)
{
    RunEvent e = makeEvent(RunEvent::RunEnd, runId);
    e.summary = summary;
    push(std::move(e));
}

void QtRunObserver::onMetric(const core::MetricSample &sample)
{
    RunEvent e = makeEvent(RunEvent::Samples, m_run);
    e.samples.push_back(sample);
    push(std::move(e));
}

void QtRunObserver::onProgress(double fraction, std::string_view what)
{
    // The trainer reports every batch; a thousandth is as fine as a progress bar can show.
    if (fraction - m_lastProgress < 0.001 && fraction < 1)
        return;
    m_lastProgress = fraction;
    RunEvent e = makeEvent(RunEvent::Progress,
                           m_run,
                           QString::fromUtf8(what.data(), qsizetype(what.size())));
    e.fraction = fraction;
    push(std::move(e));
}

void QtRunObserver::onLog(core::LogLevel level, std::string_view message)
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    const QString line = QStringLiteral("%1 [%2] %3")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                                  QString::fromLatin1(names[std::min(3, std::max(0, int(level)))]),
                                  QString::fromUtf8(message.data(), qsizetype(message.size())));
    push(makeEvent(RunEvent::Log, m_run, line));
}

void QtRunObserver::onSweepProgress(const core::SweepProgress &progress)
{
    RunEvent e = makeEvent(RunEvent::Sweep, m_run);
    e.sweep = progress;
    push(std::move(e));
}

} // namespace recscope::app
