// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/feedback_loop.h>
#include <recscope/core/run_observer.h>

#include <QtCore/QFuture>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <functional>
#include <stop_token>

namespace recscope::app {

/// How a background task ended: Finished (its result is stored), Cancelled (a state, not an
/// error: nothing was stored) or Failed, with the reason.
struct TaskOutcome
{
    core::RunStatus status = core::RunStatus::Finished;
    QString message; ///< why it failed
};

/// One long analysis (feedback loop, extraction) off the GUI thread, with progress and cancel.
/// The work opens its own store connection. Destroying the task asks it to stop and waits, so a
/// closed window never leaves a thread holding the registry.
class AnalysisTask final : public QObject
{
    Q_OBJECT

public:
    using Work = std::function<void(std::stop_token, const core::AnalysisProgress &)>;
    explicit AnalysisTask(QObject *parent = nullptr);
    ~AnalysisTask() override;

    /// Starts the work unless some is running; false when busy.
    bool start(Work work);
    bool busy() const { return m_busy; }
    void cancel();

Q_SIGNALS:
    void progress(double fraction, const QString &what);
    void finished(const recscope::app::TaskOutcome &outcome);

private:
    QFuture<void> m_future;
    std::stop_source m_stop;
    bool m_busy = false;
};

} // namespace recscope::app
