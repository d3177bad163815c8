// SPDX-License-Identifier: MIT
#include "views/widgets/compare_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/models/run_table_model.h"
#include "views/widgets/seed_groups_view.h"
#include "views/widgets/sweep_view.h"

#include <QtCore/QFile>
#include <QtCore/QScopedValueRollback>
#include <QtCore/QSortFilterProxyModel>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

#include <set>

namespace recscope::views {

namespace {
const QString kCtrMetrics
    = QStringLiteral("AUC, GAUC"); ///< the cut-off entry that charts the CTR metrics
}

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
    , m_model(new RunTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView)
    , m_tabs(new QTabWidget)
    , m_cutoff(new QComboBox)
    , m_curve(new QComboBox)
    , m_chartNote(new QLabel)
    , m_seeds(new SeedGroupsView)
    , m_sweeps(new SweepView)
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();

    auto *barPage = new QWidget;
    m_barLayout = new QVBoxLayout(barPage);
    auto *barBar = new QHBoxLayout;
    barBar->addWidget(new QLabel(tr("Metrics at")));
    barBar->addWidget(m_cutoff);
    barBar->addStretch(1);
    m_barLayout->addLayout(barBar);
    auto *curvePage = new QWidget;
    m_curveLayout = new QVBoxLayout(curvePage);
    auto *curveBar = new QHBoxLayout;
    curveBar->addWidget(new QLabel(tr("Curve")));
    curveBar->addWidget(m_curve, 1);
    m_curveLayout->addLayout(curveBar);
    m_tabs->addTab(barPage, tr("Metrics"));
    m_tabs->addTab(curvePage, tr("Training curves"));
    m_tabs->addTab(m_seeds, tr("Over seeds"));
    m_tabs->addTab(m_sweeps, tr("Sweeps"));

    auto *copy = new QPushButton(tr("Copy table"));
    auto *csv = new QPushButton(tr("Export CSV…"));
    auto *chart = new QPushButton(tr("Export chart…"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(
                           tr("Tick runs to compare them; click a bar or point to open its run.")),
                       1);
    for (auto *b : {copy, csv, chart})
        buttons->addWidget(b);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    auto *charts = new QWidget;
    auto *chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    m_chartNote->setObjectName(QStringLiteral("compareChartNote"));
    m_chartNote->setWordWrap(true);
    m_chartNote->hide();
    chartsLayout->addWidget(m_chartNote);
    chartsLayout->addWidget(m_tabs, 1);
    split->addWidget(charts);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    // Ticks come in bursts (a click per run, or many at once): rebuild the charts once after them.
    m_rebuild.setSingleShot(true);
    m_rebuild.setInterval(0);
    connect(&m_rebuild, &QTimer::timeout, this, [this] {
        rebuildBars();
        rebuildCurves();
        updateSeedGroups();
    });
    connect(m_seeds, &SeedGroupsView::runActivated, this, &CompareView::runActivated);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_seedsDirty)
            updateSeedGroups();
    });
    connect(m_model, &RunTableModel::checkedChanged, &m_rebuild, qOverload<>(&QTimer::start));
    connect(m_proxy,
            &QSortFilterProxyModel::layoutChanged,
            &m_rebuild,
            qOverload<>(&QTimer::start)); // sorting picks the charted runs
    connect(m_cutoff, &QComboBox::currentIndexChanged, this, &CompareView::rebuildBars);
    connect(m_curve, &QComboBox::currentIndexChanged, this, &CompareView::rebuildCurves);
    connect(m_table->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (current.isValid() && !m_quietSelection)
                    Q_EMIT runSelected(current.data(RunTableModel::RunIdRole).toLongLong());
            });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &i) {
        Q_EMIT runActivated(i.data(RunTableModel::RunIdRole).toLongLong());
    });
    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_model->toCsv());
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this,
                                                       tr("Export runs as CSV"),
                                                       QStringLiteral("runs.csv"),
                                                       tr("CSV (*.csv)"));
        QString err;
        if (!f.isEmpty() && !exportCsv(f, &err))
            QMessageBox::warning(this, tr("Export"), err);
    });
    connect(chart, &QPushButton::clicked, this, &CompareView::exportChart);
}

void CompareView::setRuns(std::vector<RunSnapshot> runs)
{
    QSet<qint64> known;
    for (const auto &r : m_model->runs())
        known.insert(r.run.id);
    {
        const QScopedValueRollback quiet(m_quietSelection, true); // a reset is no user selection
        m_model->setRuns(std::move(runs));
    }
    // Tick the latest experiment's newest runs as they appear (a few, so a project with hundreds
    // of runs opens readable); the user's ticks elsewhere stay.
    int ticks = 0;
    const auto &all = m_model->runs();
    for (auto r = all.rbegin(); r != all.rend() && ticks < kAutoTicks; ++r)
        if (!known.contains(r->run.id) && r->run.experimentId == all.back().run.experimentId) {
            m_model->setChecked(r->run.id, true);
            ++ticks;
        }
    std::set<QString> cutoffs, curves;
    for (const auto &m : m_model->metricColumns()) {
        if (int at = m.indexOf(QLatin1Char('@')); at > 0 && !m.startsWith(QLatin1String("Search")))
            cutoffs.insert(m.mid(at));
        if (m == QLatin1String("AUC"))
            cutoffs.insert(kCtrMetrics);
    }
    for (const auto &r : m_model->runs())
        for (const auto &s : r.curves)
            curves.insert(QString::fromStdString(s.name));
    const QString keepCut = m_cutoff->currentText(), keepCurve = m_curve->currentText();
    {
        QSignalBlocker a(m_cutoff), b(m_curve);
        m_cutoff->clear();
        for (const auto &c : cutoffs)
            m_cutoff->addItem(c);
        m_curve->clear();
        for (const auto &c : curves)
            if (c != QLatin1String("train/seconds"))
                m_curve->addItem(c);
        m_cutoff->setCurrentText(keepCut);
        m_curve->setCurrentText(keepCurve.isEmpty() ? QStringLiteral("train/loss") : keepCurve);
    }
    m_rebuild.stop();
    rebuildBars();
    rebuildCurves();
    updateSeedGroups();
}

void CompareView::setSweeps(std::vector<core::SweepSummary> sweeps)
{
    m_sweeps->setSweeps(std::move(sweeps));
}

void CompareView::updateSeedGroups()
{
    // Pooling every run is work the other pages do not need: done when the page is shown.
    m_seedsDirty = m_tabs->currentWidget() != m_seeds;
    if (m_seedsDirty)
        return;
    QSet<qint64> ticked;
    for (const auto *r : m_model->checkedRuns())
        ticked.insert(r->run.id);
    m_seeds->setRuns(m_model->runs(), ticked);
}

std::vector<const RunSnapshot *> CompareView::chartedRuns() const
{
    // In the table's order, so sorting by a metric charts the best runs first.
    std::vector<const RunSnapshot *> out;
    int ticked = 0;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex source = m_proxy->mapToSource(m_proxy->index(row, 0));
        if (source.data(Qt::CheckStateRole).toInt() != Qt::Checked)
            continue;
        ++ticked;
        if (int(out.size()) < kMaxChartedRuns)
            out.push_back(&m_model->runs()[std::size_t(source.row())]);
    }
    m_chartNote->setText(ticked > kMaxChartedRuns ? tr("Charts show the first %1 of %2 ticked runs "
                                                       "in the table's order; sort the table to "
                                                       "choose which.")
                                                        .arg(kMaxChartedRuns)
                                                        .arg(ticked)
                                                  : QString());
    m_chartNote->setVisible(ticked > kMaxChartedRuns);
    return out;
}

void CompareView::replaceChart(ChartView *&slot, QVBoxLayout *layout, ChartView *fresh)
{
    if (slot) {
        layout->removeWidget(slot);
        slot->deleteLater();
    }
    slot = fresh;
    layout->addWidget(fresh, 1);
}

void CompareView::rebuildBars()
{
    const auto runs = chartedRuns();
    const QString cut = m_cutoff->currentText();
    QStringList cats;
    for (const auto &m : m_model->metricColumns()) {
        if (cut == kCtrMetrics) {
            if (m == QLatin1String("AUC") || m == QLatin1String("GAUC")
                || m == QLatin1String("SearchRPrecision"))
                cats.append(m);
        } else if (m.endsWith(cut) && !lowerIsBetter(m)
                   && !m.startsWith(QLatin1String("ItemCoverage"))
                   && !m.startsWith(QLatin1String("Search"))) {
            cats.append(m);
        }
    }
    QList<NamedValues> sets;
    for (const auto *r : runs) {
        NamedValues v{QStringLiteral("#%1 %2").arg(r->run.id).arg(
                          QString::fromStdString(r->run.label)),
                      {},
                      runColor(r->run.id)};
        for (const auto &m : cats) {
            auto it = r->test.find(m.toStdString());
            v.values.append(it == r->test.end() ? 0.0 : it->second);
        }
        sets.append(v);
    }
    auto *view
        = makeBarChart(runs.empty()
                           ? tr("Tick runs in the table to compare them")
                           : tr("Test metrics %1").arg(cut == kCtrMetrics ? tr("(CTR)") : cut),
                       cats,
                       sets,
                       {tr("value")});
    view->setObjectName(QStringLiteral("compareBars"));
    auto *clicks = new ChartClicks(view);
    for (auto *s : view->chart()->series())
        clicks->watch(static_cast<QAbstractBarSeries *>(s));
    connect(clicks, &ChartClicks::clicked, this, [this](const QString &set, int) {
        Q_EMIT runActivated(set.mid(1).section(QLatin1Char(' '), 0, 0).toLongLong());
    });
    replaceChart(m_bars, m_barLayout, view);
}

void CompareView::rebuildCurves()
{
    const QString name = m_curve->currentText();
    QList<NamedPoints> series;
    for (const auto *r : chartedRuns()) {
        NamedPoints p{QStringLiteral("#%1 %2").arg(r->run.id).arg(
                          QString::fromStdString(r->run.label)),
                      {},
                      runColor(r->run.id)};
        for (const auto &s : r->curves)
            if (QString::fromStdString(s.name) == name)
                p.points.append(QPointF(s.step, s.value));
        if (!p.points.isEmpty())
            series.append(p);
    }
    auto *view = makeLineChart(name, series, {tr("epoch")}, {name});
    view->setObjectName(QStringLiteral("compareCurves"));
    auto *clicks = new ChartClicks(view);
    for (auto *s : view->chart()->series())
        clicks->watch(static_cast<QXYSeries *>(s));
    connect(clicks, &ChartClicks::clicked, this, [this](const QString &s, int) {
        Q_EMIT runActivated(s.mid(1).section(QLatin1Char(' '), 0, 0).toLongLong());
    });
    replaceChart(m_curves, m_curveLayout, view);
}

void CompareView::selectRun(qint64 runId)
{
    // Not by blocking the selection model's signals: the table repaints the row through them.
    const QScopedValueRollback quiet(m_quietSelection, true);
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex at = m_proxy->index(row, 0);
        if (at.data(RunTableModel::RunIdRole).toLongLong() == runId) {
            m_table->selectionModel()->setCurrentIndex(at,
                                                       QItemSelectionModel::ClearAndSelect
                                                           | QItemSelectionModel::Rows);
            m_table->scrollTo(at);
            return;
        }
    }
    m_table->selectionModel()->clearSelection();
}

bool CompareView::exportCsv(const QString &file, QString *error) const
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        if (error)
            *error = tr("cannot write %1: %2").arg(file, f.errorString());
        return false;
    }
    f.write(m_model->toCsv().toUtf8());
    return true;
}

void CompareView::exportChart()
{
    ChartView *view = m_tabs->currentIndex() == 0   ? m_bars
                      : m_tabs->currentIndex() == 1 ? m_curves
                      : m_tabs->currentIndex() == 2 ? m_seeds->chart()
                                                    : m_sweeps->parameterChart();
    const QString f = QFileDialog::getSaveFileName(this,
                                                   tr("Export chart"),
                                                   QStringLiteral("chart.svg"),
                                                   tr("SVG (*.svg);;PNG (*.png)"));
    QString err;
    if (view && !f.isEmpty() && !view->exportTo(f, &err))
        QMessageBox::warning(this, tr("Export"), err);
}

} // namespace recscope::views
