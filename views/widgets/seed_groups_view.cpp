// SPDX-License-Identifier: MIT
#include "views/widgets/seed_groups_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"

#include <recscope/core/statistics.h>

#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <cmath>
#include <set>

namespace recscope::views {

namespace {

constexpr int kMaxCharted = 20;

/// A number cell that sorts by its value, not its text.
class NumberItem final : public QTableWidgetItem
{
public:
    NumberItem(const QString &text, double value)
        : QTableWidgetItem(text)
    {
        setData(Qt::UserRole, value);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QString seedList(const std::vector<std::uint64_t> &seeds)
{
    QStringList out;
    for (auto s : seeds)
        out.append(QString::number(s));
    return out.join(QStringLiteral(", "));
}

} // namespace

QString formatSummary(const core::SampleSummary &s)
{
    if (s.n >= 2)
        return QStringLiteral("%1 ± %2 [%3, %4]")
            .arg(s.mean, 0, 'f', 4)
            .arg(s.std, 0, 'f', 4)
            .arg(s.ciLow, 0, 'f', 4)
            .arg(s.ciHigh, 0, 'f', 4);
    return s.n == 1 ? QString::number(s.mean, 'f', 4) : QStringLiteral("–");
}

SeedGroupsView::SeedGroupsView(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget)
    , m_cutoff(new QComboBox)
    , m_a(new QComboBox)
    , m_b(new QComboBox)
    , m_metric(new QComboBox)
    , m_test(new QLabel)
{
    m_table->setObjectName(QStringLiteral("seedGroups"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setSortingEnabled(true);
    m_test->setObjectName(QStringLiteral("pairedTest"));
    m_test->setWordWrap(true);
    m_test->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (auto *c : {m_a, m_b}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(18);
    }

    auto *chartPage = new QWidget;
    m_chartLayout = new QVBoxLayout(chartPage);
    m_chartLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Mean and 95% interval over seeds, metrics at")));
    bar->addWidget(m_cutoff);
    bar->addStretch(1);
    m_chartLayout->addLayout(bar);
    auto *test = new QHBoxLayout;
    test->addWidget(new QLabel(tr("Paired t-test over shared seeds:")));
    test->addWidget(m_a, 1);
    test->addWidget(new QLabel(tr("minus")));
    test->addWidget(m_b, 1);
    test->addWidget(new QLabel(tr("on")));
    test->addWidget(m_metric);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(chartPage);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({120, 360});
    chartPage->setMinimumHeight(240);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Runs of the same configuration (data, split, model and "
                                    "parameters) on different seeds, pooled. "
                                    "Run a spec with \"Repeat over seeds\" to get them.")));
    layout->addWidget(split, 1);
    layout->addLayout(test);
    layout->addWidget(m_test);

    connect(m_cutoff, &QComboBox::currentIndexChanged, this, &SeedGroupsView::rebuildChart);
    for (auto *c : {m_a, m_b, m_metric})
        connect(c, &QComboBox::currentIndexChanged, this, &SeedGroupsView::runTest);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const auto runs = m_table->item(row, 0)->data(Qt::UserRole).toList();
        if (!runs.isEmpty())
            Q_EMIT runActivated(runs.front().toLongLong());
    });
}

void SeedGroupsView::setRuns(const std::vector<RunSnapshot> &runs, const QSet<qint64> &ticked)
{
    std::vector<core::RunResult> results;
    for (const auto &r : runs)
        results.push_back({r.run, r.test});
    m_groups = core::summarizeConfigurations(std::move(results));
    m_tickedKeys.clear();
    for (const auto &g : m_groups)
        for (const auto id : g.runs)
            if (ticked.contains(id))
                m_tickedKeys.insert(QString::fromStdString(g.key));
    std::set<QString> metrics, cutoffs;
    for (const auto &g : m_groups)
        for (const auto &[name, s] : g.test) {
            const QString m = QString::fromStdString(name);
            metrics.insert(m);
            if (const int at = m.indexOf(QLatin1Char('@'));
                at > 0 && !lowerIsBetter(m) && !m.startsWith(QLatin1String("Search")))
                cutoffs.insert(m.mid(at));
        }
    m_metrics = QStringList(metrics.begin(), metrics.end());
    const QString keepCut = m_cutoff->currentText(), keepMetric = m_metric->currentText();
    const int keepA = m_a->currentIndex(), keepB = m_b->currentIndex();
    {
        QSignalBlocker a(m_cutoff), b(m_a), c(m_b), d(m_metric);
        m_cutoff->clear();
        for (const auto &c : cutoffs)
            m_cutoff->addItem(c);
        m_cutoff->setCurrentText(keepCut.isEmpty() ? QStringLiteral("@10") : keepCut);
        m_metric->clear();
        m_metric->addItems(m_metrics);
        m_metric->setCurrentText(keepMetric.isEmpty() ? QStringLiteral("NDCG@10") : keepMetric);
        m_a->clear();
        m_b->clear();
        for (std::size_t k = 0; k < m_groups.size(); ++k) {
            const QString name = QStringLiteral("%1 (%2 seeds)")
                                     .arg(QString::fromStdString(m_groups[k].label))
                                     .arg(m_groups[k].runs.size());
            m_a->addItem(name);
            m_b->addItem(name);
        }
        m_a->setCurrentIndex(keepA >= 0 && keepA < m_a->count() ? keepA : 0);
        m_b->setCurrentIndex(keepB >= 0 && keepB < m_b->count() ? keepB
                                                                : std::min(1, m_b->count() - 1));
    }
    fillTable();
    rebuildChart();
    runTest();
}

void SeedGroupsView::fillTable()
{
    m_table->setSortingEnabled(false);
    m_table->clear();
    m_table->setColumnCount(2 + int(m_metrics.size()));
    m_table->setRowCount(int(m_groups.size()));
    QStringList headers{tr("Configuration"), tr("Seeds")};
    headers.append(m_metrics);
    m_table->setHorizontalHeaderLabels(headers);
    for (int row = 0; row < int(m_groups.size()); ++row) {
        const auto &g = m_groups[std::size_t(row)];
        auto *name = new QTableWidgetItem(QString::fromStdString(g.label));
        QVariantList runs;
        for (auto id : g.runs)
            runs.append(qint64(id));
        name->setData(Qt::UserRole, runs);
        name->setToolTip(tr("runs %1").arg([&] {
            QStringList ids;
            for (auto id : g.runs)
                ids.append(QStringLiteral("#%1").arg(id));
            return ids.join(QStringLiteral(", "));
        }()));
        m_table->setItem(row, 0, name);
        auto *seeds = new NumberItem(QString::number(g.runs.size()), double(g.runs.size()));
        seeds->setToolTip(tr("seeds %1").arg(seedList(g.seeds)));
        m_table->setItem(row, 1, seeds);
        for (int c = 0; c < int(m_metrics.size()); ++c) {
            const auto it = g.test.find(m_metrics[c].toStdString());
            const auto s = it == g.test.end() ? core::SampleSummary{} : it->second;
            m_table->setItem(row,
                             2 + c,
                             new NumberItem(formatSummary(s), s.n ? s.mean : -INFINITY));
        }
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
}

void SeedGroupsView::rebuildChart()
{
    const QString cut = m_cutoff->currentText();
    QStringList cats;
    for (const auto &m : m_metrics)
        if (m.endsWith(cut) && !lowerIsBetter(m) && !m.startsWith(QLatin1String("ItemCoverage"))
            && !m.startsWith(QLatin1String("Search")) && !m.startsWith(QLatin1String("T-")))
            cats.append(m);
    QList<NamedIntervals> sets;
    for (const auto &g : m_groups) {
        if (!m_tickedKeys.contains(QString::fromStdString(g.key)) || sets.size() >= kMaxCharted)
            continue;
        NamedIntervals
            s{QStringLiteral("%1 (n=%2)").arg(QString::fromStdString(g.label)).arg(g.runs.size()),
              {}};
        for (const auto &m : cats) {
            const auto it = g.test.find(m.toStdString());
            const auto v = it == g.test.end() ? core::SampleSummary{} : it->second;
            s.rows.append(v.n >= 2 ? Interval{v.mean, v.ciLow, v.ciHigh}
                                   : Interval{v.n ? v.mean : 0, 0, 0});
        }
        sets.append(s);
    }
    auto *view = makeBarChartWithIntervals(
        sets.isEmpty() ? tr("Tick runs in the table to chart their configurations")
                       : tr("Test metrics %1, mean over seeds with 95% t-intervals").arg(cut),
        cats,
        sets,
        {tr("value")});
    view->setObjectName(QStringLiteral("seedGroupBars"));
    if (m_chart) {
        m_chartLayout->removeWidget(m_chart);
        m_chart->deleteLater();
    }
    m_chart = view;
    m_chartLayout->addWidget(view, 1);
}

void SeedGroupsView::setPair(int a, int b, const QString &metric)
{
    QSignalBlocker x(m_a), y(m_b), z(m_metric);
    m_a->setCurrentIndex(a);
    m_b->setCurrentIndex(b);
    m_metric->setCurrentText(metric);
    runTest();
}

void SeedGroupsView::runTest()
{
    const int a = m_a->currentIndex(), b = m_b->currentIndex();
    if (a < 0 || b < 0 || a == b || m_metric->currentText().isEmpty()) {
        m_test->setText(tr("Pick two configurations run on the same seeds."));
        return;
    }
    const auto &ga = m_groups[std::size_t(a)], &gb = m_groups[std::size_t(b)];
    try {
        const auto t = core::compareConfigurations(ga, gb, m_metric->currentText().toStdString());
        m_test->setText(
            tr("%1 − %2 on %3: Δ = %4, 95% interval [%5, %6], t(%7) = %8, two-sided p = %9, over "
               "%10 shared seeds%11")
                .arg(QString::fromStdString(ga.label),
                     QString::fromStdString(gb.label),
                     m_metric->currentText())
                .arg(t.meanDifference, 0, 'f', 4)
                .arg(t.ciLow, 0, 'f', 4)
                .arg(t.ciHigh, 0, 'f', 4)
                .arg(t.n - 1)
                .arg(t.t, 0, 'f', 2)
                .arg(std::isnan(t.pValue) ? QStringLiteral("–") : QString::number(t.pValue, 'g', 3))
                .arg(t.n)
                .arg(t.ciLow > 0 || t.ciHigh < 0 ? tr(": the interval excludes 0")
                                                 : tr(": the interval includes 0")));
    } catch (const std::exception &e) {
        m_test->setText(QString::fromUtf8(e.what()));
    }
}

} // namespace recscope::views
