// SPDX-License-Identifier: MIT
// MainWindow's run lists: what every view shows of the stored runs (less those deleted in this
// session), read again when runs start, end, are deleted or another process writes.
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

#include <recscope/core/registry.h>
#include <recscope/core/run_groups.h>
#include <recscope/core/store.h>

#include <QtWidgets/QStatusBar>

namespace recscope::app {

QList<views::RobustnessPoint>
MainWindow::robustnessPoints(const std::vector<views::RunSnapshot> &runs) const
{
    QList<views::RobustnessPoint> out;
    std::map<std::int64_t, std::optional<core::AttackConfig>> attackOf; // by experiment
    for (const auto &r : runs) {
        if (r.run.status != core::RunStatus::Finished || !r.test.count("T-HR@50"))
            continue;
        if (!attackOf.count(r.run.experimentId)) {
            try {
                attackOf[r.run.experimentId]
                    = core::ExperimentSpec::fromJson(m_doc->store()->experimentSpec(
                                                         r.run.experimentId),
                                                     m_registry)
                          .attack;
            } catch (const std::exception &) {
                attackOf[r.run.experimentId] = std::nullopt; // a spec this build cannot read
            }
        }
        const auto &attack = attackOf[r.run.experimentId];
        if (!attack)
            continue;
        const auto ndcg = r.test.find("NDCG@10");
        out.append({r.run.id,
                    QString::fromStdString(r.run.label),
                    QString::fromStdString(attack->kind),
                    attack->fakeUserShare,
                    r.test.at("T-HR@50"),
                    ndcg == r.test.end() ? 0.0 : ndcg->second});
    }
    return out;
}

void MainWindow::reloadAudits()
{
    if (!m_doc->store())
        return;
    try {
        std::map<qint64, core::AuditReport> reports;
        for (auto id : m_doc->store()->auditedRuns())
            if (!m_doc->isDeleted(id))
                reports[id] = core::AuditReport::fromJson(m_doc->store()->audits(id).back());
        m_audit->setReports(std::move(reports));
    } catch (const std::exception &e) {
        statusBar()->showMessage(tr("Cannot read audits: %1").arg(QString::fromUtf8(e.what())),
                                 8000);
    }
}

std::vector<views::RunSnapshot> MainWindow::visibleRuns() const
{
    auto runs = views::loadRunSnapshots(*m_doc->store());
    std::erase_if(runs, [this](const views::RunSnapshot &r) { return m_doc->isDeleted(r.run.id); });
    return runs;
}

void MainWindow::reloadRuns()
{
    if (!m_doc->store())
        return;
    try {
        m_listing = m_doc->store()->listingFingerprint();
        auto runs = visibleRuns();
        std::string metric = "NDCG@10";
        try {
            metric = m_editor->spec().validMetric;
        } catch (const std::exception &) {}
        m_tree->setRuns(runs, metric);
        m_tree->selectRun(m_doc->selectedRun());
        // Finished runs with saved weights: models to inspect, sequential ones to probe, probes.
        QList<QPair<qint64, QString>> inspectable, probeable, probes, ranking;
        for (const auto &r : runs) {
            if (r.run.status != core::RunStatus::Finished)
                continue;
            const auto label = QString::fromStdString(r.run.label);
            if (r.run.model == "recsae") {
                probes.append({r.run.id, label});
                continue;
            }
            if (m_registry.ranksCatalogue(r.run.model))
                ranking.append({r.run.id, label}); // the feedback loop needs only the run's data
            const auto artifacts = m_doc->store()->artifacts(r.run.id);
            if (std::none_of(artifacts.begin(), artifacts.end(), [](const auto &a) {
                    return a.first == "model";
                }))
                continue;
            inspectable.append({r.run.id, label});
            if (const auto *info = m_registry.info(r.run.model);
                info && info->sequential && m_registry.ranksCatalogue(r.run.model))
                probeable.append({r.run.id, label});
        }
        m_inspector->setRuns(inspectable);
        m_concepts->setRuns(probes, probeable);
        QList<QPair<qint64, QString>>
            auditable; // ranking runs: every probeable one, and non-sequential ones too
        for (const auto &[id, label] : inspectable)
            if (m_registry.ranksCatalogue(m_doc->store()->run(id).model))
                auditable.append({id, label});
        m_audit->setRuns(auditable);
        m_audit->setRobustness(robustnessPoints(runs));
        reloadAudits();
        m_loop->setRuns(ranking);
        m_extraction->setRuns(probeable);
        reloadSimulations();
        // A freshly opened project shows its latest run's curves rather than an empty dashboard.
        const qint64 latest = runs.empty() ? 0 : runs.back().run.id;
        const bool dashboardEmpty = m_dashboard->shownRun() < 0;
        m_compare->setRuns(std::move(runs));
        m_compare->selectRun(m_doc->selectedRun());
        std::vector<core::SweepSummary> sweeps;
        for (const auto &s : m_doc->store()->sweeps())
            sweeps.push_back(core::summarizeSweep(*m_doc->store(), s.id));
        m_compare->setSweeps(std::move(sweeps));
        if (dashboardEmpty && latest > 0)
            openRunCurves(latest);
    } catch (const std::exception &e) {
        statusBar()->showMessage(tr("Cannot read runs: %1").arg(QString::fromUtf8(e.what())), 8000);
    }
}

} // namespace recscope::app
