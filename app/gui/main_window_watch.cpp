// SPDX-License-Identifier: MIT
// MainWindow picks up what other processes write to the open project (a CLI run, a sweep on
// another terminal, an audit): new and deleted runs, status changes, analyses, and the curves of
// a run another process is training. Polling reads a cheap fingerprint on the GUI thread (in
// WAL mode a reader never waits for a writer); only marking a run whose process has gone writes,
// one short transaction.
#include "main_window.h"
#include "project_document.h"
#include "views/widgets/run_dashboard.h"

#include <recscope/core/error.h>
#include <recscope/core/store.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QStatusBar>

#include <algorithm>
#include <optional>

namespace recscope::app {

void MainWindow::pickUpOtherWriters()
{
    if (!m_doc->store())
        return;
    try {
        if (const int dead = m_doc->store()->checkForDeadRuns())
            statusBar()->showMessage(
                tr("%n run(s) stopped because the process running them is gone: marked interrupted",
                   nullptr,
                   dead),
                8000);
        if (m_doc->store()->listingFingerprint() != m_listing)
            reloadRuns();
        const qint64 shown = m_dashboard->shownRun();
        if (shown <= 0 || m_trainingHere.contains(shown))
            return;
        std::optional<core::RunRecord> run;
        try {
            run = m_doc->store()->run(shown);
        } catch (const StoreError &) { // deleted by another process: the lists no longer show it
            return;
        }
        if (run->status == core::RunStatus::Running)
            showRunningElsewhere(*run);
        else if (m_runningElsewhere.remove(shown)) // it ended there: final curves, status, resume
            openRunCurves(shown);
    } catch (const std::exception &e) {
        statusBar()->showMessage(tr("Cannot read the project: %1").arg(QString::fromUtf8(e.what())),
                                 8000);
    }
}

void MainWindow::showRunningElsewhere(const core::RunRecord &run)
{
    auto samples = m_doc->store()->epochMetrics(run.id);
    int last = 0;
    for (const auto &s : samples)
        last = std::max(last, s.step);
    const bool first = !m_runningElsewhere.contains(run.id);
    m_runningElsewhere.insert(run.id);
    if (first || last != m_dashboard->lastEpoch(run.id))
        m_dashboard->loadRun(run.id,
                             QString::fromStdString(run.label),
                             QString::fromStdString(run.device),
                             run.status,
                             std::move(samples),
                             first,
                             tr("in another process"));
    const int epochs = QJsonDocument::fromJson(QByteArray::fromStdString(run.paramsJson))
                           .object()
                           .value(QLatin1String("epochs"))
                           .toInt();
    if (epochs > 0)
        m_dashboard->setProgress(run.id,
                                 std::min(1.0, double(last) / epochs),
                                 tr("epoch %1 of %2").arg(last).arg(epochs));
}

} // namespace recscope::app
