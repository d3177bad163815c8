// SPDX-License-Identifier: MIT
#include "job_controller.h"

#include "qt_run_observer.h"
#include "views/soft_assert.h"

#include <recscope/core/error.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/store.h>

#include <QtCore/QPointer>

#include <algorithm>

namespace recscope::app {

JobController::JobController(const core::Registry &registry,
                             std::filesystem::path database,
                             std::filesystem::path checkpoints,
                             QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_database(std::move(database))
    , m_checkpoints(std::move(checkpoints))
    , m_task(new views::BackgroundTask(this))
{
    connect(m_task, &views::BackgroundTask::finished, this, &JobController::finishJob);
}

JobController::~JobController()
{
    m_task->cancel(); // the worker reads this controller's registry: join it before members go
    m_task->wait();
}

int JobController::push(Queued job, const QString &title)
{
    job.id = m_nextId++;
    m_jobs.push_back({job.id, title, core::RunStatus::Queued, {}, {}, -1});
    m_queue.push_back(std::move(job));
    Q_EMIT jobsChanged();
    if (!m_task->busy())
        startNext();
    return m_jobs.back().id;
}

int JobController::enqueue(const core::ExperimentSpec &spec)
{
    return push({0, spec, 0, 0, {}}, QString::fromStdString(spec.name));
}

int JobController::enqueueResume(qint64 runId, const QString &title)
{
    return push({0, {}, runId, 0, {}}, title);
}

int JobController::enqueueSweepResume(qint64 sweepId, const QString &title)
{
    Queued job;
    job.resumeSweep = sweepId;
    return push(std::move(job), title);
}

int JobController::enqueueProbe(qint64 runId, const core::SaeConfig &config, const QString &title)
{
    return push({0, {}, 0, runId, config}, title);
}

bool JobController::uses(qint64 runId) const
{
    if (runId > 0 && m_runningUses == runId)
        return true;
    return std::any_of(m_queue.begin(), m_queue.end(), [runId](const Queued &q) {
        return q.resumeRun == runId || q.probeRun == runId;
    });
}

JobInfo *JobController::info(int jobId)
{
    for (auto &j : m_jobs)
        if (j.id == jobId)
            return &j;
    return nullptr;
}

void JobController::cancel(int jobId)
{
    if (jobId == m_running) {
        m_task->cancel();
        return;
    }
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it)
        if (it->id == jobId) {
            m_queue.erase(it);
            if (auto *j = info(jobId))
                j->status = core::RunStatus::Cancelled;
            Q_EMIT jobsChanged();
            return;
        }
}

void JobController::cancelAll()
{
    while (!m_queue.empty())
        cancel(m_queue.front().id);
    if (m_running)
        cancel(m_running);
}

void JobController::startNext()
{
    if (m_queue.empty())
        return;
    Queued job = std::move(m_queue.front());
    m_queue.pop_front();
    const int id = job.id;
    JobInfo *shown = info(id);            // every queued job has its row
    RS_ASSERT(shown, return startNext()); // drop it, go on with the next
    m_running = id;
    m_runningUses = job.resumeRun ? job.resumeRun : job.probeRun;
    shown->status = core::RunStatus::Running;
    QPointer<JobController> self(this);
    m_observer = std::make_shared<QtRunObserver>([self] {
        // Worker thread: only post; the GUI thread drains the buffer in one go.
        QMetaObject::invokeMethod(
            self,
            [self] {
                if (self)
                    self->deliver();
            },
            Qt::QueuedConnection);
    });
    auto observer = m_observer;
    m_task->start([&registry = m_registry,
                   database = m_database,
                   checkpoints = m_checkpoints,
                   job = std::move(job),
                   observer](std::stop_token token, const core::AnalysisProgress &) {
        try {
            core::ProjectStore store(database); // one connection per thread
            if (job.probeRun) {
                const auto status = store
                                        .run(core::trainSae(registry,
                                                            store,
                                                            job.probeRun,
                                                            job.probe,
                                                            token,
                                                            *observer))
                                        .status;
                return views::TaskOutcome{status == core::RunStatus::Running
                                              ? core::RunStatus::Failed
                                              : status,
                                          {}};
            }
            core::ExperimentRunner runner(registry, store);
            if (!checkpoints.empty())
                runner.setCheckpointDir(checkpoints);
            const auto result = job.resumeRun ? runner.resume(job.resumeRun, token, *observer)
                                : job.resumeSweep
                                    ? runner.resumeSweep(job.resumeSweep, token, *observer)
                                    : runner.run(job.spec, token, *observer);
            bool failed = false;
            for (const auto &r : result.runs)
                failed = failed || r.status == core::RunStatus::Failed;
            return views::TaskOutcome{token.stop_requested() ? core::RunStatus::Cancelled
                                      : failed               ? core::RunStatus::Failed
                                                             : core::RunStatus::Finished,
                                      {}};
        } catch (const Cancelled &) { // the stop was honoured between runs: a state
            return views::TaskOutcome{core::RunStatus::Cancelled, {}};
        } catch (const std::exception &e) { // the log shows it too, beside the run's lines
            observer->onLog(core::LogLevel::Error, e.what());
            return views::TaskOutcome{core::RunStatus::Failed, QString::fromUtf8(e.what())};
        }
    });
    Q_EMIT jobsChanged();
}

void JobController::deliver()
{
    if (!m_observer)
        return;
    for (auto &e : m_observer->drain()) {
        switch (e.kind) {
        case RunEvent::RunBegin:
            if (auto *j = info(m_running)) {
                j->run = QStringLiteral("#%1 %2").arg(e.runId).arg(e.text);
                j->percent = 0;
                Q_EMIT jobsChanged();
            }
            Q_EMIT runStarted(e.runId, e.text, e.device);
            break;
        case RunEvent::Samples:
            Q_EMIT samplesArrived(e.runId, e.samples);
            break;
        case RunEvent::Progress:
            if (auto *j = info(m_running); j && j->percent != int(e.fraction * 100)) {
                j->percent = int(e.fraction * 100); // the jobs table changes once per percent
                Q_EMIT jobsChanged();
            }
            Q_EMIT progressChanged(e.runId, e.fraction, e.text);
            break;
        case RunEvent::Log:
            Q_EMIT logLine(e.text);
            break;
        case RunEvent::RunEnd:
            Q_EMIT runFinished(e.runId, e.summary);
            break;
        case RunEvent::Sweep:
            Q_EMIT sweepProgress(e.sweep);
            break;
        }
    }
}

void JobController::finishJob(const views::TaskOutcome &outcome)
{
    deliver(); // the events the worker posted last
    const auto status = outcome.status;
    const auto &message = outcome.message;
    const int id = m_running;
    m_running = 0;
    m_runningUses = 0;
    if (auto *j = info(id)) {
        j->status = status;
        j->message = message;
    }
    Q_EMIT jobsChanged();
    Q_EMIT jobFinished(id, status, message);
    startNext();
}

} // namespace recscope::app
