// SPDX-License-Identifier: MIT
#pragma once

#include "views/tasks/background_task.h"

#include <recscope/core/experiment.h>
#include <recscope/core/run_observer.h>
#include <recscope/core/sae.h>

#include <QtCore/QObject>
#include <QtCore/QString>

#include <deque>
#include <filesystem>
#include <memory>

namespace recscope::core {
class Registry;
}

namespace recscope::app {

class QtRunObserver;

struct JobInfo
{
    int id = 0;
    QString title;
    core::RunStatus status = core::RunStatus::Queued;
    QString message;
    QString run;      ///< the run it is training now, e.g. "#12 SASRec"
    int percent = -1; ///< that run's progress; -1 before it reports any
};

/// Trains experiments one at a time off the GUI thread (STYLE §6.3): a queue of specs, each run
/// by core's ExperimentRunner as a BackgroundTask with its own store connection, cancelled
/// through the task's stop token, its run events delivered to the GUI thread in batches.
class JobController final : public QObject
{
    Q_OBJECT

public:
    JobController(const core::Registry &registry,
                  std::filesystem::path database,
                  std::filesystem::path checkpoints,
                  QObject *parent = nullptr);
    ~JobController() override; ///< cancels and joins the running job

    /// Queues a spec; returns the job id.
    int enqueue(const core::ExperimentSpec &spec);
    /// Queues the continuation of a stopped run from its checkpoint (ExperimentRunner::resume).
    int enqueueResume(qint64 runId, const QString &title);
    /// Queues the continuation of a stopped sweep (ExperimentRunner::resumeSweep).
    int enqueueSweepResume(qint64 sweepId, const QString &title);
    /// Queues a RecSAE probe of a trained run (core::trainSae); it reports like a training run.
    int enqueueProbe(qint64 runId, const core::SaeConfig &config, const QString &title);
    /// Cancels the running job (at its next batch) or drops a queued one.
    void cancel(int jobId);
    void cancelAll();
    bool busy() const { return m_task->busy(); }
    /// Whether the running or a queued job resumes or probes this run (it must not be deleted).
    bool uses(qint64 runId) const;
    const std::deque<JobInfo> &jobs() const { return m_jobs; }

Q_SIGNALS:
    void jobsChanged();
    void runStarted(qint64 runId, const QString &label, const QString &device);
    void samplesArrived(qint64 runId, const std::vector<core::MetricSample> &samples);
    void progressChanged(qint64 runId, double fraction, const QString &what);
    void logLine(const QString &line);
    void runFinished(qint64 runId, const core::RunSummary &summary);
    void sweepProgress(const core::SweepProgress &progress);
    void jobFinished(int jobId, core::RunStatus status, const QString &message);

private:
    void startNext();
    void deliver();
    void finishJob(const views::TaskOutcome &outcome);
    JobInfo *info(int jobId);

    const core::Registry &m_registry;
    std::filesystem::path m_database, m_checkpoints;
    std::deque<JobInfo> m_jobs;
    struct Queued
    {
        int id = 0;
        core::ExperimentSpec spec; ///< used when resumeRun, probeRun and resumeSweep are 0
        qint64 resumeRun = 0;
        qint64 probeRun = 0;
        core::SaeConfig probe;
        qint64 resumeSweep = 0;
    };
    int push(Queued job, const QString &title);
    std::deque<Queued> m_queue;
    int m_nextId = 1;
    int m_running = 0;
    qint64 m_runningUses = 0;      ///< the run the running job resumes or probes
    views::BackgroundTask *m_task; ///< runs one job at a time
    std::shared_ptr<QtRunObserver> m_observer;
};

} // namespace recscope::app
