// SPDX-License-Identifier: MIT
// MainWindow's training side: queueing, cancelling, resuming and deleting runs, probes, and
// feeding the dashboard with the jobs' events.
#include "job_controller.h"
#include "main_window.h"
#include "project_document.h"
#include "project_tree.h"
#include "views/models/run_snapshot.h"
#include "views/widgets/attention_inspector.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/concept_browser.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/extraction_view.h"
#include "views/widgets/feedback_loop_view.h"
#include "views/widgets/run_dashboard.h"
#include "views/widgets/sweep_view.h"
#include "views/widgets/view_helpers.h"

#include <recscope/core/registry.h>
#include <recscope/core/run_groups.h>
#include <recscope/core/store.h>

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QFutureWatcher>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

namespace recscope::app {

void MainWindow::train()
{
    if (!m_doc->jobs()) {
        QMessageBox::information(
            this,
            tr("Train"),
            tr("Save the experiment first: its runs are stored next to the spec."));
        return;
    }
    try {
        const auto spec = m_editor->spec();
        m_doc->jobs()->enqueue(spec);
        m_tabs->setCurrentWidget(m_dashboard);
        statusBar()->showMessage(tr("Queued %1 (%n model(s))", nullptr, int(spec.models.size()))
                                     .arg(QString::fromStdString(spec.name)),
                                 4000);
    } catch (const std::exception &e) {
        QMessageBox::warning(this,
                             tr("Train"),
                             tr("The experiment is not valid:\n%1")
                                 .arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::cancelRunning()
{
    if (!m_doc->jobs())
        return;
    for (const auto &j : m_doc->jobs()->jobs())
        if (j.status == core::RunStatus::Running)
            m_doc->jobs()->cancel(j.id);
}

bool MainWindow::isResumable(qint64 runId) const
{
    if (!m_doc->store() || !m_doc->jobs() || runId <= 0 || m_doc->isDeleted(runId))
        return false;
    const auto status = m_doc->store()->run(runId).status;
    if (!core::isResumable(status))
        return false;
    for (const auto &[kind, path] : m_doc->store()->artifacts(runId))
        if (kind == "checkpoint" && std::filesystem::exists(path))
            return true;
    return false;
}

void MainWindow::resumeRun(qint64 runId)
{
    try {
        if (!isResumable(runId)) {
            QMessageBox::information(
                this,
                tr("Resume"),
                tr("Run #%1 cannot be resumed: only a cancelled, failed or interrupted run "
                   "with a checkpoint can.")
                    .arg(runId));
            return;
        }
        const auto record = m_doc->store()->run(runId);
        m_doc->jobs()->enqueueResume(runId,
                                     tr("resume #%1 %2")
                                         .arg(runId)
                                         .arg(QString::fromStdString(record.label)));
        m_dashboard->setResumable(runId, false);
        m_tabs->setCurrentWidget(m_dashboard);
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Resume"), QString::fromUtf8(e.what()));
    }
}

bool MainWindow::deleteRun(qint64 runId)
{
    if (!m_doc->store())
        return false;
    try {
        const auto r = m_doc->store()->run(runId);
        if (r.status == core::RunStatus::Running || r.status == core::RunStatus::Queued) {
            QMessageBox::information(this,
                                     tr("Delete run"),
                                     tr("Run #%1 is %2: cancel it first.")
                                         .arg(runId)
                                         .arg(views::runStatusText(r.status)));
            return false;
        }
        if ((m_doc->jobs() && m_doc->jobs()->uses(runId)) || m_analysedRuns.contains(runId)) {
            QMessageBox::information(this,
                                     tr("Delete run"),
                                     tr("A job or an analysis is using run #%1: cancel it or "
                                        "wait for it first.")
                                         .arg(runId));
            return false;
        }
        m_doc->deleteRun(runId); // hides it: the lists reload and the dashboard drops it
        statusBar()->showMessage(tr("Deleted run #%1 (Edit ▸ Undo brings it back until the "
                                    "project is saved or closed)")
                                     .arg(runId),
                                 6000);
        return true;
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Delete run"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::inspectRun(qint64 runId)
{
    if (m_doc->database().empty())
        return;
    m_inspector->setMessage(tr("Opening run #%1 (dataset, split and saved weights)…").arg(runId));
    m_inspectorLoader.open(m_doc->database(), runId);
}

void MainWindow::openProbe(qint64 saeRunId)
{
    if (m_doc->database().empty())
        return;
    m_concepts->setMessage(
        tr("Opening probe #%1 (the probed model, its data and the autoencoder)…").arg(saeRunId));
    m_conceptLoader.open(m_doc->database(), saeRunId);
}

void MainWindow::startProbe(qint64 modelRunId, const core::SaeConfig &config)
{
    if (!m_doc->jobs())
        return;
    try {
        const auto r = m_doc->store()->run(modelRunId);
        m_doc->jobs()->enqueueProbe(modelRunId,
                                    config,
                                    tr("RecSAE probe of #%1 %2")
                                        .arg(modelRunId)
                                        .arg(QString::fromStdString(r.label)));
        m_concepts->setMessage(tr("Training a probe of run #%1; its curves are on the Training "
                                  "tab, and it opens here when done.")
                                   .arg(modelRunId));
        m_openProbeWhenDone = true;
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("New probe"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::openRunCurves(qint64 runId)
{
    if (!m_doc->store())
        return;
    const bool live = m_doc->jobs() && m_doc->jobs()->busy() && m_dashboard->hasRun(runId)
                      && m_dashboard->shownRun() == runId;
    if (!live) {
        try {
            const auto r = m_doc->store()->run(runId);
            if (r.status == core::RunStatus::Running && !m_trainingHere.contains(runId))
                showRunningElsewhere(r);
            else if (r.status != core::RunStatus::Running || !m_dashboard->hasRun(runId))
                m_dashboard->loadRun(runId,
                                     QString::fromStdString(r.label),
                                     QString::fromStdString(r.device),
                                     r.status,
                                     m_doc->store()->epochMetrics(runId));
            m_dashboard->setResumable(runId, isResumable(runId));
        } catch (const std::exception &e) {
            statusBar()->showMessage(tr("Cannot read run #%1: %2")
                                         .arg(runId)
                                         .arg(QString::fromUtf8(e.what())),
                                     8000);
            return;
        }
    }
    m_dashboard->showRun(runId);
}

void MainWindow::connectJobs()
{
    if (!m_doc->jobs())
        return;
    JobController *jobs = m_doc->jobs();
    connect(jobs,
            &JobController::runStarted,
            this,
            [this](qint64 runId, const QString &label, const QString &device) {
                m_trainingHere.insert(runId);
                // A resumed run starts from the curves the database kept; a new one has none.
                if (auto stored = m_doc->store() ? m_doc->store()->epochMetrics(runId)
                                                 : std::vector<core::MetricSample>{};
                    !stored.empty())
                    m_dashboard->loadRun(runId, label, device, core::RunStatus::Running, stored);
                m_dashboard->beginRun(runId, label, device);
            });
    connect(jobs, &JobController::samplesArrived, m_dashboard, &views::RunDashboard::addSamples);
    connect(jobs, &JobController::progressChanged, m_dashboard, &views::RunDashboard::setProgress);
    connect(jobs, &JobController::logLine, m_dashboard, &views::RunDashboard::appendLog);
    connect(jobs, &JobController::runFinished, m_dashboard, &views::RunDashboard::endRun);
    connect(jobs, &JobController::runFinished, this, [this](qint64 runId) {
        m_trainingHere.remove(runId);
        m_dashboard->setResumable(runId, isResumable(runId));
    });
    connect(jobs, &JobController::runFinished, this, &MainWindow::reloadRuns);
    connect(jobs,
            &JobController::runFinished,
            this,
            [this](qint64 runId, const core::RunSummary &summary) {
                if (summary.model != "recsae" || !std::exchange(m_openProbeWhenDone, false))
                    return;
                if (summary.status == core::RunStatus::Finished)
                    openProbe(runId);
                else
                    m_concepts->setMessage(
                        tr("Probe #%1 %2: %3")
                            .arg(runId)
                            .arg(QString::fromLatin1(core::runStatusName(summary.status)),
                                 QString::fromStdString(summary.message)));
            });
    connect(jobs, &JobController::runStarted, this, &MainWindow::reloadRuns);
    connect(jobs,
            &JobController::sweepProgress,
            m_compare->sweeps(),
            &views::SweepView::setProgress);
    connect(jobs, &JobController::jobsChanged, this, &MainWindow::updateJobsTable);
    connect(jobs,
            &JobController::jobFinished,
            this,
            [this](int id, core::RunStatus status, const QString &message) {
                const QString name = views::runStatusText(status);
                statusBar()->showMessage(message.isEmpty()
                                             ? tr("Job %1 %2").arg(id).arg(name)
                                             : tr("Job %1 %2: %3").arg(id).arg(name, message),
                                         8000);
            });
}

void MainWindow::resumeSweep(qint64 sweepId)
{
    if (!m_doc->jobs() || !m_doc->store())
        return;
    try {
        const auto sweep = m_doc->store()->sweep(sweepId);
        m_doc->jobs()->enqueueSweepResume(sweepId,
                                          tr("resume sweep #%1 %2")
                                              .arg(sweepId)
                                              .arg(QString::fromStdString(sweep.label)));
        m_tabs->setCurrentWidget(m_dashboard);
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Resume sweep"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::updateJobsTable()
{
    const auto &jobs = m_doc->jobs()->jobs();
    m_jobTable->setRowCount(int(jobs.size()));
    int row = 0;
    for (const auto &j : jobs) {
        auto *id = new QTableWidgetItem(QString::number(j.id));
        id->setData(Qt::UserRole, j.id);
        m_jobTable->setItem(row, 0, id);
        m_jobTable->setItem(row, 1, new QTableWidgetItem(j.title));
        const bool running = j.status == core::RunStatus::Running && !j.run.isEmpty();
        auto *status
            = new QTableWidgetItem(running ? tr("%1 · %2%").arg(j.run).arg(std::max(0, j.percent))
                                           : views::runStatusText(j.status));
        status->setToolTip(j.message.isEmpty() ? j.run : j.message);
        m_jobTable->setItem(row, 2, status);
        ++row;
    }
}

} // namespace recscope::app
