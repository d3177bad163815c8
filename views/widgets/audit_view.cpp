// SPDX-License-Identifier: MIT
#include "views/widgets/audit_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

AuditView::AuditView(QWidget *parent)
    : QWidget(parent)
    , m_run(new QComboBox)
    , m_metric(new QComboBox)
    , m_attribute(new QLineEdit)
    , m_k(new QSpinBox)
    , m_info(new QLabel)
    , m_start(new QPushButton(tr("Audit")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_busy(new QProgressBar)
    , m_tabs(new QTabWidget)
    , m_fairGrid(new QGridLayout)
    , m_biasGrid(new QGridLayout)
    , m_genreGrid(new QGridLayout)
    , m_robustGrid(new QGridLayout)
    , m_biasTable(new QTableWidget(0, 2))
    , m_fairTable(new QTableWidget(0, 4))
{
    m_run->setObjectName(QStringLiteral("auditRun"));
    m_run->setMinimumContentsLength(16);
    m_metric->setObjectName(QStringLiteral("auditMetric"));
    m_metric->setMinimumContentsLength(12);
    m_attribute->setPlaceholderText(tr("sensitive attribute"));
    m_attribute->setToolTip(
        tr("The categorical user attribute to group users by; empty: the dataset's sensitive one"));
    m_attribute->setMaximumWidth(150);
    m_k->setRange(1, 1000);
    m_k->setValue(10);
    m_k->setPrefix(tr("top-"));
    m_info->setObjectName(QStringLiteral("auditInfo"));
    m_info->setWordWrap(true);
    m_start->setObjectName(QStringLiteral("auditButton"));
    m_cancel->setObjectName(QStringLiteral("auditCancel"));
    m_cancel->hide();
    m_busy->setRange(0, 0); // the audit reports no fraction: a busy bar
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    m_start->setToolTip(tr("Recompute the run's top-K for every test user and measure fairness and "
                           "bias (stored with the run)"));
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(
        tr("The shown tab's charts as PNG or SVG, or the report's numbers as CSV"));
    m_biasTable->setHorizontalHeaderLabels({tr("metric"), tr("value")});
    m_biasTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_biasTable->verticalHeader()->hide();
    m_biasTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fairTable->setObjectName(QStringLiteral("auditFairTable"));
    m_fairTable->setHorizontalHeaderLabels(
        {tr("metric"), tr("group means"), tr("best − worst [95% CI]"), tr("worst / best")});
    m_fairTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_fairTable->horizontalHeader()->setStretchLastSection(true);
    m_fairTable->verticalHeader()->hide();
    m_fairTable->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Run")));
    bar->addWidget(m_run);
    bar->addWidget(m_attribute);
    bar->addWidget(m_k);
    bar->addWidget(m_start);
    bar->addWidget(m_cancel);
    bar->addWidget(m_busy);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Metric")));
    bar->addWidget(m_metric);
    bar->addWidget(exportButton);
    const QStringList pageNames{tr("Fairness"),
                                tr("Popularity bias"),
                                tr("Genres and sources"),
                                tr("Robustness")};
    int page = 0;
    for (auto *grid : {m_fairGrid, m_biasGrid, m_genreGrid, m_robustGrid}) {
        auto *w = new QWidget;
        w->setLayout(grid);
        m_tabs->addTab(w, pageNames[page++]);
    }
    m_biasGrid->addWidget(m_biasTable, 1, 1);
    m_fairGrid->addWidget(m_fairTable, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(m_tabs, 1);

    connect(m_cancel, &QPushButton::clicked, this, &AuditView::cancelRequested);
    connect(m_start, &QPushButton::clicked, this, [this] {
        core::AuditConfig c;
        c.k = m_k->value();
        c.attribute = m_attribute->text().trimmed().toStdString();
        if (m_run->currentIndex() >= 0)
            Q_EMIT auditRequested(m_run->currentData().toLongLong(), c);
    });
    connect(m_run, &QComboBox::activated, this, [this](int k) {
        const qint64 id = m_run->itemData(k).toLongLong();
        if (!showRun(id))
            setMessage(tr("Run #%1 has no audit yet: press Audit.").arg(id));
        Q_EMIT runPicked(id);
    });
    connect(m_metric, &QComboBox::currentTextChanged, this, [this] { rebuild(); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this,
                     tr("Export audit"),
                     QStringLiteral("audit.svg"),
                     tr("SVG (*.svg);;PNG (*.png);;CSV numbers (*.csv)"),
                     [this](const QString &f, QString *err) { return exportPicture(f, err); });
    });
    setMessage(tr("Pick a trained run and press Audit, or add an \"audits\" section to the spec to "
                  "audit every run."));
}

void AuditView::setRuns(const QList<QPair<qint64, QString>> &runs)
{
    fillRunPicker(m_run, runs);
    m_run->setPlaceholderText(runs.isEmpty() ? tr("no run with saved weights") : QString());
    m_run->setToolTip(tr("Finished ranking runs with saved weights: trained in the workbench, or "
                         "by recscope-cli run --checkpoints DIR"));
}

void AuditView::setReports(std::map<qint64, core::AuditReport> reports)
{
    m_reports = std::move(reports);
    const QString keep = m_metric->currentText();
    {
        QSignalBlocker block(m_metric);
        m_metric->clear();
        if (!m_reports.empty())
            for (const auto &m : m_reports.rbegin()->second.consumer)
                m_metric->addItem(QString::fromStdString(m.metric));
        const int at = m_metric->findText(keep.isEmpty() ? QStringLiteral("NDCG@10") : keep);
        m_metric->setCurrentIndex(std::max(0, at));
    }
    if (!showRun(m_shown) && !m_reports.empty())
        showRun(m_reports.rbegin()->first);
}

void AuditView::setMessage(const QString &text)
{
    m_info->setText(text);
}

void AuditView::setRunning(bool running)
{
    m_start->setVisible(!running);
    m_cancel->setVisible(running);
    m_busy->setVisible(running);
}

bool AuditView::showRun(qint64 runId)
{
    if (!m_reports.count(runId))
        return false;
    m_shown = runId;
    {
        QSignalBlocker block(m_run);
        m_run->setCurrentIndex(std::max(0, m_run->findData(runId)));
    }
    rebuild();
    return true;
}

void AuditView::rebuild()
{
    if (!m_reports.count(m_shown))
        return;
    const auto &r = m_reports.at(m_shown);
    const auto &a = r.attacker;
    setMessage(tr("Run #%1 %2, top-%3, users grouped by '%4'. An attacker reads the attribute off "
                  "the lists with accuracy %5 "
                  "(macro-F1 %6) where always guessing the largest group scores %7; %8 audited "
                  "run(s) compared.")
                   .arg(r.runId)
                   .arg(QString::fromStdString(r.label))
                   .arg(r.k)
                   .arg(QString::fromStdString(r.attribute))
                   .arg(a.accuracy, 0, 'f', 3)
                   .arg(a.macroF1, 0, 'f', 3)
                   .arg(a.majority, 0, 'f', 3)
                   .arg(m_reports.size()));
    showFairness(r);
    showBias(r);
}

void AuditView::place(
    ChartView *&slot, ChartView *fresh, QGridLayout *grid, int row, int column, int columnSpan)
{
    if (slot) {
        grid->removeWidget(slot);
        slot->deleteLater();
    }
    slot = fresh;
    grid->addWidget(fresh, row, column, 1, columnSpan);
}

} // namespace recscope::views
