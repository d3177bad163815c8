// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/feedback_loop.h>
#include <recscope/core/run_observer.h>

#include <QtCore/QObject>
#include <QtCore/QString>

#include <functional>
#include <stop_token>
#include <type_traits>

class QThread;

namespace recscope::views {

/// How a background task ended: Finished (its result is stored or delivered), Cancelled (a
/// state, not an error: nothing was stored) or Failed, with the reason.
struct TaskOutcome
{
    core::RunStatus status = core::RunStatus::Finished;
    QString message; ///< why it failed, or what finished with a caveat
};

/// The one way the workbench works off the GUI thread (STYLE §6.3): training jobs and probes (a
/// queue of them, JobController), audits, feedback loops, extractions and report exports. Each
/// start runs one piece of work on its own low-priority thread with a stop token and a progress
/// callback; progress and the typed outcome arrive on the GUI thread as signals. An exception
/// thrown by the work is its failure, or its cancellation when a stop was requested. The work
/// opens its own store connection. Destroying the task asks it to stop and waits, so a closed
/// window never leaves a thread holding the registry.
class BackgroundTask final : public QObject
{
    Q_OBJECT

public:
    /// Returns how it ended; Finished unless the work says otherwise (a job some of whose runs
    /// failed).
    using Work = std::function<TaskOutcome(std::stop_token, const core::AnalysisProgress &)>;
    explicit BackgroundTask(QObject *parent = nullptr);
    ~BackgroundTask() override;

    /// Starts the work unless some is running; false when busy.
    bool start(Work work);
    /// The same for work that returns nothing: it finished unless it threw.
    template<class F>
    requires std::is_void_v<
        std::invoke_result_t<F, std::stop_token, const core::AnalysisProgress &>>
    bool start(F work)
    {
        return start(Work(
            [work = std::move(work)](std::stop_token stop, const core::AnalysisProgress &progress) {
                work(stop, progress);
                return TaskOutcome{};
            }));
    }
    bool busy() const { return m_thread != nullptr; }
    void cancel();
    /// Blocks (processing no events) until the running work has ended; its finished signal is
    /// still delivered by the event loop.
    void wait();

Q_SIGNALS:
    void progress(double fraction, const QString &what);
    void finished(const recscope::views::TaskOutcome &outcome);

private:
    QThread *m_thread = nullptr;
    std::stop_source m_stop;
};

} // namespace recscope::views
