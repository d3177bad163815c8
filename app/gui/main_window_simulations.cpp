// SPDX-License-Identifier: MIT
// The audit lab's analyses (fairness audits, the source feedback loop, model extraction), each
// a task off the GUI thread with progress and cancel, stored with the run and shown on its page;
// and the report builder over them.
#include "main_window.h"
#include "project_document.h"
#include "views/dialogs/report_dialog.h"
#include "views/soft_assert.h"
#include "views/tasks/background_task.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/extraction_view.h"
#include "views/widgets/feedback_loop_view.h"

#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>

namespace recscope::app {

void MainWindow::connectSimulations()
{
    connect(m_audit, &views::AuditView::auditRequested, this, &MainWindow::auditRun);
    connect(m_audit,
            &views::AuditView::cancelRequested,
            m_auditTask,
            &views::BackgroundTask::cancel);
    connect(m_loop, &views::FeedbackLoopView::loopRequested, this, &MainWindow::simulateLoop);
    connect(m_loop,
            &views::FeedbackLoopView::cancelRequested,
            m_loopTask,
            &views::BackgroundTask::cancel);
    connect(m_loopTask,
            &views::BackgroundTask::progress,
            m_loop,
            &views::FeedbackLoopView::setProgress);
    connect(m_extraction,
            &views::ExtractionView::extractionRequested,
            this,
            &MainWindow::extractRun);
    connect(m_extraction,
            &views::ExtractionView::cancelRequested,
            m_extractionTask,
            &views::BackgroundTask::cancel);
    connect(m_extractionTask,
            &views::BackgroundTask::progress,
            m_extraction,
            &views::ExtractionView::setProgress);
}

template<class View>
void MainWindow::runAnalysis(
    views::BackgroundTask *task,
    View *view,
    qint64 runId,
    const QString &what,
    std::function<void(core::ProjectStore &, std::stop_token, const core::AnalysisProgress &)> work,
    std::function<void()> done)
{
    if (m_doc->database().empty())
        return;
    if (task->busy()) {
        view->setMessage(tr("The previous one is still running: cancel it first, or wait."));
        return;
    }
    view->setMessage(what);
    view->setRunning(true);
    ++m_analysedRuns[runId];           // not deletable while an analysis reads it
    auto *context = new QObject(this); // one connection per run of the task
    connect(task,
            &views::BackgroundTask::finished,
            context,
            [this, view, runId, context, done = std::move(done)](
                const views::TaskOutcome &outcome) {
                context->deleteLater();
                if (--m_analysedRuns[runId] <= 0)
                    m_analysedRuns.remove(runId);
                view->setRunning(false);
                if (outcome.status == core::RunStatus::Cancelled) {
                    view->setMessage(tr("Cancelled; nothing was stored."));
                    return;
                }
                if (outcome.status == core::RunStatus::Failed) {
                    view->setMessage(tr("Failed: %1").arg(outcome.message));
                    return;
                }
                done();
            });
    const bool started = task->start(
        [database = m_doc->database(),
         work = std::move(work)](std::stop_token stop, const core::AnalysisProgress &progress) {
            core::ProjectStore store(database); // one connection per thread
            work(store, stop, progress);
        });
    RS_ASSERT(started, --m_analysedRuns[runId]); // busy() was checked above
}

void MainWindow::simulateLoop(qint64 runId, const core::FeedbackLoopConfig &config)
{
    const core::Registry &registry = m_registry;
    runAnalysis(
        m_loopTask,
        m_loop,
        runId,
        tr("Simulating %1 rounds of the feedback loop on run #%2's data%3…")
            .arg(config.rounds)
            .arg(runId)
            .arg(config.debias ? tr(", with and without debiasing") : QString()),
        [&registry, runId, config](core::ProjectStore &store,
                                   std::stop_token stop,
                                   const core::AnalysisProgress &progress) {
            core::runFeedbackLoop(registry, store, runId, config, stop, progress);
        },
        [this, runId] {
            reloadSimulations();
            m_loop->showRun(runId);
        });
}

void MainWindow::extractRun(qint64 runId, const core::ExtractionConfig &config)
{
    const core::Registry &registry = m_registry;
    runAnalysis(
        m_extractionTask,
        m_extraction,
        runId,
        tr("Extracting run #%1: %2 surrogates (%3 budgets × %4 variants)…")
            .arg(runId)
            .arg(config.budgets.size() * config.variants.size())
            .arg(config.budgets.size())
            .arg(config.variants.size()),
        [&registry, runId, config](core::ProjectStore &store,
                                   std::stop_token stop,
                                   const core::AnalysisProgress &progress) {
            core::runExtraction(registry, store, runId, config, stop, progress);
        },
        [this, runId] {
            reloadSimulations();
            m_extraction->showRun(runId);
        });
}

void MainWindow::auditRun(qint64 runId, const core::AuditConfig &config)
{
    const core::Registry &registry = m_registry;
    runAnalysis(
        m_auditTask,
        m_audit,
        runId,
        tr("Auditing run #%1: top-%2 lists for every test user, bootstrap intervals, the attribute "
           "attacker…")
            .arg(runId)
            .arg(config.k),
        [&registry, runId, config](core::ProjectStore &store,
                                   std::stop_token stop,
                                   const core::AnalysisProgress &) {
            core::runAudit(registry, store, runId, config, stop);
        },
        [this, runId] {
            reloadAudits();
            m_audit->showRun(runId);
        });
}

views::ReportDialog *MainWindow::openReport()
{
    if (!m_doc->store() || m_doc->database().empty()) {
        statusBar()->showMessage(tr("Open a project first: the report covers its runs."), 6000);
        return nullptr;
    }
    QList<QPair<qint64, QString>> finished;
    for (const auto &r : m_doc->store()->runs())
        if (r.status == core::RunStatus::Finished && !m_doc->isDeleted(r.id))
            finished.append({r.id, QString::fromStdString(r.label)});
    auto *dialog = new views::ReportDialog(m_registry, m_doc->database(), finished, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->refresh();
    return dialog;
}

void MainWindow::reloadSimulations()
{
    if (!m_doc->store())
        return;
    try {
        std::map<qint64, core::FeedbackLoopReport> loops;
        for (auto id : m_doc->store()->auditedRuns(core::AnalysisKind::FeedbackLoop))
            if (!m_doc->isDeleted(id))
                loops[id] = core::FeedbackLoopReport::fromJson(
                    m_doc->store()->audits(id, core::AnalysisKind::FeedbackLoop).back());
        m_loop->setReports(std::move(loops));
        std::map<qint64, core::ExtractionReport> extractions;
        for (auto id : m_doc->store()->auditedRuns(core::AnalysisKind::Extraction))
            if (!m_doc->isDeleted(id))
                extractions[id] = core::ExtractionReport::fromJson(
                    m_doc->store()->audits(id, core::AnalysisKind::Extraction).back());
        m_extraction->setReports(std::move(extractions));
    } catch (const std::exception &e) {
        statusBar()->showMessage(tr("Cannot read simulations: %1").arg(QString::fromUtf8(e.what())),
                                 8000);
    }
}

} // namespace recscope::app
