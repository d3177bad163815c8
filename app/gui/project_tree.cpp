// SPDX-License-Identifier: MIT
#include "project_tree.h"

#include "views/charts/chart_builders.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>

namespace recscope::app {

ProjectTree::ProjectTree(QWidget *parent)
    : QTreeWidget(parent)
    , m_dataset(new QTreeWidgetItem(this, DatasetItem))
    , m_experiment(new QTreeWidgetItem(this, ExperimentItem))
    , m_runs(new QTreeWidgetItem(this))
{
    setObjectName(QStringLiteral("projectTree"));
    setColumnCount(2);
    setHeaderLabels({tr("Project"), tr("")});
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
    m_dataset->setText(0, tr("Dataset"));
    m_experiment->setText(0, tr("Experiment"));
    m_runs->setText(0, tr("Runs"));
    for (auto *i : {m_dataset, m_experiment, m_runs}) {
        QFont f = i->font(0);
        f.setBold(true);
        i->setFont(0, f);
        i->setExpanded(true);
    }
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item->type() == RunItem)
            Q_EMIT runActivated(item->data(0, kRunIdRole).toLongLong());
        else if (item == m_dataset || item->parent() == m_dataset)
            Q_EMIT datasetActivated();
        else if (item == m_experiment || item->type() == ModelItem)
            Q_EMIT experimentActivated();
    });
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && item->type() == RunItem)
            Q_EMIT runSelected(item->data(0, kRunIdRole).toLongLong());
    });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        auto *item = itemAt(at);
        if (!item || item->type() != RunItem)
            return;
        const qint64 id = item->data(0, kRunIdRole).toLongLong();
        QMenu menu(this);
        menu.addAction(tr("Compare"), this, [this, id] { Q_EMIT runActivated(id); });
        menu.addAction(tr("Show training curves"), this, [this, id] {
            Q_EMIT curvesRequested(id);
        });
        menu.addAction(tr("Inspect attention"), this, [this, id] { Q_EMIT inspectRequested(id); });
        auto *resume = menu.addAction(tr("Resume from checkpoint"), this, [this, id] {
            Q_EMIT resumeRequested(id);
        });
        const auto status = core::RunStatus(item->data(0, kStatusRole).toInt());
        resume->setEnabled(core::isResumable(status));
        menu.addSeparator();
        menu.addAction(tr("Delete run…"), this, [this, id] { Q_EMIT deleteRequested(id); })
            ->setEnabled(status != core::RunStatus::Running);
        menu.exec(viewport()->mapToGlobal(at));
    });
}

void ProjectTree::setDataset(const QString &name, const QString &detail)
{
    qDeleteAll(m_dataset->takeChildren());
    auto *item = new QTreeWidgetItem(m_dataset, DatasetItem);
    item->setText(0, name);
    item->setText(1, detail);
    item->setToolTip(0, name);
}

void ProjectTree::setSpec(const core::ExperimentSpec &spec, const QString &file)
{
    m_experiment->setText(0, tr("Experiment: %1").arg(QString::fromStdString(spec.name)));
    m_experiment->setToolTip(0, file.isEmpty() ? tr("not saved yet") : file);
    qDeleteAll(m_experiment->takeChildren());
    for (const auto &m : spec.models) {
        auto *item = new QTreeWidgetItem(m_experiment, ModelItem);
        item->setText(0, QString::fromStdString(m.label));
        item->setText(1, QString::fromStdString(m.id));
    }
    m_experiment->setExpanded(true);
}

void ProjectTree::setRuns(const std::vector<views::RunSnapshot> &runs, const std::string &metric)
{
    QSignalBlocker quiet(this); // a rebuilt list is no selection by the user
    qDeleteAll(m_runs->takeChildren());
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) { // newest first
        auto *item = new QTreeWidgetItem(m_runs, RunItem);
        item->setData(0, kRunIdRole, qint64(it->run.id));
        item->setIcon(0, views::runSwatch(it->run.id)); // its colour in every chart
        item->setData(0, kStatusRole, int(it->run.status));
        item->setText(0, QStringLiteral("#%1 %2").arg(it->run.id).arg(views::runLabel(it->run)));
        auto m = it->test.find(metric);
        item->setText(1,
                      m != it->test.end() ? QStringLiteral("%1 %2")
                                                .arg(QString::fromStdString(metric))
                                                .arg(m->second, 0, 'f', 4)
                                          : views::runStatusText(it->run.status));
        item->setToolTip(0,
                         tr("%1 · %2 · started %3 · %4 epochs")
                             .arg(views::runStatusText(it->run.status),
                                  QString::fromStdString(it->run.device),
                                  QString::fromStdString(it->run.startedAt))
                             .arg(it->run.epochs));
        if (it->run.status != core::RunStatus::Finished)
            item->setForeground(1, QColor(198, 40, 40));
    }
    m_runs->setText(1, QString::number(runs.size()));
    m_runs->setExpanded(true);
}

void ProjectTree::selectRun(qint64 runId)
{
    QSignalBlocker quiet(this);
    for (int k = 0; k < m_runs->childCount(); ++k)
        if (m_runs->child(k)->data(0, kRunIdRole).toLongLong() == runId) {
            setCurrentItem(m_runs->child(k));
            return;
        }
    setCurrentItem(nullptr);
}

} // namespace recscope::app
