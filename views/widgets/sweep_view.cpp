// SPDX-License-Identifier: MIT
#include "views/widgets/sweep_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/seed_groups_view.h"
#include "views/widgets/view_helpers.h"

#include <QtGui/QShowEvent>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

namespace recscope::views {

namespace {

/// The parameter's value as a number for the x axis; false for text and choices.
bool numeric(const core::ParamValue &v, double &out)
{
    if (const auto *i = std::get_if<std::int64_t>(&v))
        out = double(*i);
    else if (const auto *d = std::get_if<double>(&v))
        out = *d;
    else
        return false;
    return true;
}

void replaceChart(ChartView *&slot, QVBoxLayout *layout, ChartView *fresh)
{
    if (slot) {
        layout->removeWidget(slot);
        slot->deleteLater();
    }
    slot = fresh;
    layout->addWidget(fresh, 1);
}

} // namespace

SweepView::SweepView(QWidget *parent)
    : QWidget(parent)
    , m_sweep(new QComboBox)
    , m_param(new QComboBox)
    , m_progress(new QProgressBar)
    , m_resume(new QPushButton(tr("Resume sweep")))
    , m_summary(new QLabel)
    , m_trials(new QTableWidget)
{
    m_sweep->setObjectName(QStringLiteral("sweepPicker"));
    m_sweep->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sweep->setMinimumContentsLength(36);
    m_resume->setObjectName(QStringLiteral("resumeSweep"));
    m_resume->setToolTip(tr("Continue a cancelled or interrupted sweep: finished trials are kept"));
    m_progress->setFormat(tr("%v of %m runs"));
    m_summary->setObjectName(QStringLiteral("sweepSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trials->setObjectName(QStringLiteral("sweepTrials"));
    m_trials->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trials->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trials->verticalHeader()->hide();

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Sweep")));
    bar->addWidget(m_sweep, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_resume);

    auto *paramPage = new QWidget;
    m_paramLayout = new QVBoxLayout(paramPage);
    auto *paramBar = new QHBoxLayout;
    paramBar->addWidget(new QLabel(tr("Parameter")));
    paramBar->addWidget(m_param);
    paramBar->addStretch(1);
    m_paramLayout->addLayout(paramBar);
    auto *progressPage = new QWidget;
    m_progressLayout = new QVBoxLayout(progressPage);
    auto *charts = new QTabWidget;
    charts->addTab(paramPage, tr("Parameter vs validation"));
    charts->addTab(progressPage, tr("Over trials"));

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_trials);
    split->addWidget(charts);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({540, 520});
    m_param->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_sweep, &QComboBox::currentIndexChanged, this, &SweepView::showCurrent);
    connect(m_param, &QComboBox::currentIndexChanged, this, &SweepView::rebuildParameterChart);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (const auto *s = current())
            Q_EMIT resumeRequested(s->sweep.id);
    });
    showCurrent();
}

void SweepView::setSweeps(std::vector<core::SweepSummary> sweeps)
{
    const qint64 keep
        = current() ? current()->sweep.id : (sweeps.empty() ? 0 : sweeps.back().sweep.id);
    m_sweeps = std::move(sweeps);
    {
        QSignalBlocker block(m_sweep);
        m_sweep->clear();
        for (const auto &s : m_sweeps)
            m_sweep->addItem(tr("#%1 %2 · %3, %4 trials × %5 seeds · %6")
                                 .arg(s.sweep.id)
                                 .arg(QString::fromStdString(s.sweep.label),
                                      QString::fromStdString(s.sweep.method))
                                 .arg(s.trials.size())
                                 .arg(s.seeds)
                                 .arg(runStatusText(s.sweep.status)),
                             qint64(s.sweep.id));
    }
    showSweep(keep);
}

void SweepView::showSweep(qint64 sweepId)
{
    const int at = m_sweep->findData(sweepId);
    QSignalBlocker block(m_sweep);
    m_sweep->setCurrentIndex(at >= 0 ? at : m_sweep->count() - 1);
    showCurrent();
}

const core::SweepSummary *SweepView::current() const
{
    const int k = m_sweep->currentIndex();
    return k >= 0 && k < int(m_sweeps.size()) ? &m_sweeps[std::size_t(k)] : nullptr;
}

void SweepView::setProgress(const core::SweepProgress &p)
{
    if (!current() || current()->sweep.id != p.sweepId)
        return;
    m_progress->setVisible(true);
    m_progress->setRange(0, p.runsTotal);
    m_progress->setValue(p.runsDone);
    m_progress->setToolTip(
        p.bestTrial >= 0
            ? tr("best so far: trial %1 at %2").arg(p.bestTrial + 1).arg(p.bestValue, 0, 'f', 4)
            : QString());
}

void SweepView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        showCurrent();
}

void SweepView::showCurrent()
{
    // Tables and charts are built when the page is looked at, not on every reload behind it.
    m_dirty = !isVisible();
    if (m_dirty)
        return;
    const auto *s = current();
    m_resume->setEnabled(s && core::isResumable(s->sweep.status));
    m_progress->setVisible(s && s->sweep.status == core::RunStatus::Running);
    m_trials->clear();
    m_trials->setRowCount(0);
    if (!s) {
        m_summary->setText(
            tr("No sweep yet. Give a model \"Sweep…\" ranges in the Experiment tab and train: each "
               "trial is judged on "
               "validation only, and the best one is trained again on every seed and tested."));
        rebuildParameterChart();
        rebuildProgressChart();
        return;
    }
    const QString metric = QString::fromStdString(s->sweep.metric);
    if (s->sweep.selectedTrial >= 0) {
        QStringList tests;
        for (const char *name : {"NDCG@10", "Recall@10", "Hit@10", "MRR@10", "AUC", "GAUC"})
            if (const auto it = s->test.find(name); it != s->test.end())
                tests.append(QStringLiteral("%1 %2").arg(QString::fromLatin1(name),
                                                         formatSummary(it->second)));
        m_summary->setText(
            tr("Selected trial %1 (%2) from %3 trials on validation %4 only. Its test result over "
               "%5 seed(s): %6.")
                .arg(s->sweep.selectedTrial + 1)
                .arg(QString::fromStdString(
                    s->trials[std::size_t(s->sweep.selectedTrial)].description))
                .arg(s->trials.size())
                .arg(metric)
                .arg(s->finalRuns.size())
                .arg(tests.isEmpty() ? tr("not tested yet") : tests.join(QStringLiteral("; "))));
    } else {
        m_summary->setText(tr("%1: no trial selected yet; trials are judged on validation %2 only, "
                              "and only the selected one is tested.")
                               .arg(runStatusText(s->sweep.status), metric));
    }
    QStringList headers{tr("Trial")};
    for (const auto &p : s->sweptParams)
        headers.append(QString::fromStdString(p));
    headers.append({tr("valid %1 (mean ± std [95%])").arg(metric), tr("Runs")});
    m_trials->setColumnCount(int(headers.size()));
    m_trials->setHorizontalHeaderLabels(headers);
    m_trials->setRowCount(int(s->trials.size()));
    for (int row = 0; row < int(s->trials.size()); ++row) {
        const auto &t = s->trials[std::size_t(row)];
        const bool selected = t.trial == s->sweep.selectedTrial;
        QList<QTableWidgetItem *> cells{new QTableWidgetItem(
            QString::number(t.trial + 1) + (selected ? QStringLiteral(" ★") : QString()))};
        for (const auto &p : s->sweptParams)
            cells.append(
                new QTableWidgetItem(QString::fromStdString(core::toString(t.swept.at(p)))));
        cells.append(new QTableWidgetItem(formatSummary(t.valid)));
        cells.append(new QTableWidgetItem(QStringLiteral("%1/%2").arg(t.finished).arg(s->seeds)));
        for (int c = 0; c < int(cells.size()); ++c) {
            QFont f = cells[c]->font();
            f.setBold(selected);
            cells[c]->setFont(f);
            m_trials->setItem(row, c, cells[c]);
        }
    }
    m_trials->resizeColumnsToContents();
    {
        QSignalBlocker block(m_param);
        const QString keep = m_param->currentText();
        m_param->clear();
        for (const auto &p : s->sweptParams)
            m_param->addItem(QString::fromStdString(p));
        if (const int at = m_param->findText(keep); at >= 0)
            m_param->setCurrentIndex(at);
    }
    rebuildParameterChart();
    rebuildProgressChart();
}

void SweepView::rebuildParameterChart()
{
    const auto *s = current();
    const std::string param = m_param->currentText().toStdString();
    const QString metric = s ? QString::fromStdString(s->sweep.metric) : QString();
    QList<NamedPoints> series{{tr("trial (mean over seeds)"), {}}, {tr("selected"), {}}};
    bool allNumeric = s && !param.empty(), positive = true;
    double lo = INFINITY, hi = -INFINITY;
    std::vector<std::pair<QString, double>>
        categorical; // text and choice parameters: mean per value
    for (const auto &t : s ? s->trials : std::vector<core::TrialSummary>{}) {
        if (t.valid.n == 0 || !t.swept.count(param))
            continue;
        double x = 0;
        if (!numeric(t.swept.at(param), x)) {
            allNumeric = false;
            categorical.emplace_back(QString::fromStdString(core::toString(t.swept.at(param))),
                                     t.valid.mean);
            continue;
        }
        positive = positive && x > 0;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        series[t.trial == s->sweep.selectedTrial ? 1 : 0].points.append(QPointF(x, t.valid.mean));
    }
    ChartView *view = nullptr;
    if (!allNumeric && !categorical.empty()) {
        QStringList cats;
        NamedValues values{tr("trial (mean over seeds)"), {}};
        for (const auto &[text, v] : categorical) {
            cats.append(text);
            values.values.append(v);
        }
        view = makeBarChart(tr("Validation %1 by %2").arg(metric, m_param->currentText()),
                            cats,
                            {values},
                            {metric});
    } else {
        const bool logX
            = positive && lo > 0 && hi / lo >= 20; // a range searched over orders of magnitude
        view = makeScatterChart(s ? tr("Validation %1 against %2")
                                        .arg(metric, m_param->currentText())
                                  : tr("No sweep"),
                                series,
                                {m_param->currentText(), logX},
                                {metric});
    }
    view->setObjectName(QStringLiteral("sweepParameterChart"));
    replaceChart(m_paramChart, m_paramLayout, view);
}

void SweepView::rebuildProgressChart()
{
    const auto *s = current();
    QList<NamedPoints> series{{tr("trial (mean over seeds)"), {}}, {tr("best so far"), {}}};
    double best = -INFINITY;
    for (const auto &t : s ? s->trials : std::vector<core::TrialSummary>{}) {
        if (t.valid.n == 0)
            continue;
        best = std::max(best, t.valid.mean);
        series[0].points.append(QPointF(t.trial + 1, t.valid.mean));
        series[1].points.append(QPointF(t.trial + 1, best));
    }
    const QString metric = s ? QString::fromStdString(s->sweep.metric) : QString();
    auto *view = makeLineChart(s ? tr("Validation %1 over the sweep's trials").arg(metric)
                                 : tr("No sweep"),
                               series,
                               {tr("trial")},
                               {metric});
    view->setObjectName(QStringLiteral("sweepProgressChart"));
    replaceChart(m_progressChart, m_progressLayout, view);
}

} // namespace recscope::views
