// SPDX-License-Identifier: MIT
// The RunDashboard's curves: samples into series, axes fitted to them, the validation metrics a
// user picks.
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/models/run_snapshot.h"
#include "views/widgets/run_dashboard.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtWidgets/QComboBox>

#include <cmath>
#include <set>

namespace recscope::views {

namespace {

/// The smallest of 1, 2, 5 × 10^k (at least 1) that is not below raw.
double niceStep(double raw)
{
    double step = 1;
    for (int k = 0; step < raw; ++k)
        step = std::pow(10.0, k / 3) * (k % 3 == 0 ? 1 : k % 3 == 1 ? 2 : 5);
    return step;
}

/// Rescales both value axes of a chart to its visible series' points (with 5% headroom).
void fitAxes(QChart *chart)
{
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (auto *s : chart->series()) {
        if (!s->isVisible())
            continue;
        for (const auto &p : static_cast<QXYSeries *>(s)->points()) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (x0 > x1)
        return;
    const double pad = (y1 - y0) * 0.05 + 1e-9;
    // Epochs are whole numbers: integer ticks at a round step (1, 2, 5, 10, 20, 50, …), at most
    // about ten of them.
    auto *x = static_cast<QValueAxis *>(chart->axes(Qt::Horizontal).front());
    x->setRange(std::min(x0, 1.0), std::max(x1, x0 + 1));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(niceStep((x->max() - x->min()) / 10));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).front());
    y->setRange(y0 >= 0 ? std::max(0.0, y0 - pad) : y0 - pad,
                y1 + pad); // losses and metrics never go below 0
    applyNiceTicks(y);     // round labels such as 0.2, 0.4 rather than 0.1548
}

} // namespace

void RunDashboard::addSamples(qint64 runId, const std::vector<core::MetricSample> &samples)
{
    auto it = m_data.find(runId);
    if (it == m_data.end())
        return;
    QHash<QString, QList<QPointF>> fresh;
    bool rewound = false;
    for (const auto &s : samples) {
        const QString name = QString::fromStdString(s.name);
        if (name == QLatin1String("train/seconds"))
            continue;
        auto &points = it->curves[name];
        while (!points.isEmpty()
               && points.last().x()
                      >= s.step) { // a resume may repeat epochs already read from the database
            points.removeLast();
            rewound = true;
        }
        points.append(QPointF(s.step, s.value));
        fresh[name].append(QPointF(s.step, s.value));
        it->epoch = std::max(it->epoch, s.step);
    }
    if (runId != m_shown)
        return;
    if (rewound) {
        rebuildSeries();
        updateStatus();
        return;
    }
    if (updateValidChoices()) { // a metric appeared: the choice may now show it
        rebuildSeries();
        updateStatus();
        return;
    }
    for (auto f = fresh.cbegin(); f != fresh.cend(); ++f)
        if (plotted(f.key()))
            seriesFor(f.key())->append(f.value()); // one batch per series (STYLE §6.3)
    fitAxes(m_loss->chart());
    fitAxes(m_valid->chart());
    updateStatus();
}

QLineSeries *RunDashboard::seriesFor(const QString &name)
{
    if (auto *s = m_series.value(name))
        return s;
    ChartView *view = name.startsWith(QLatin1String("train/")) ? m_loss : m_valid;
    auto *s = new QLineSeries;
    s->setName(name.section(QLatin1Char('/'), 1));
    s->setPointsVisible(true);
    view->chart()->addSeries(s);
    for (auto *axis : view->chart()->axes())
        s->attachAxis(axis);
    attachTooltips(s);
    view->chart()->legend()->setVisible(true);
    view->connectLegend();
    m_series.insert(name, s);
    return s;
}

void RunDashboard::rebuildSeries()
{
    for (auto *view : {m_loss, m_valid})
        for (auto *s : view->chart()->series()) {
            view->chart()->removeSeries(s);
            delete s;
        }
    m_series.clear();
    updateValidChoices();
    for (const auto &[name, points] : m_data[m_shown].curves)
        if (plotted(name))
            seriesFor(name)->replace(decimate(points));
    fitAxes(m_loss->chart());
    fitAxes(m_valid->chart());
}

bool RunDashboard::plotted(const QString &name) const
{
    if (name.startsWith(QLatin1String("train/")))
        return name != QLatin1String("train/seconds");
    const QString metric = name.section(QLatin1Char('/'), 1);
    const QString choice = m_validChoice->currentData().toString();
    if (choice.startsWith(QLatin1Char('@'))) // accuracy metrics at one cut-off
        return metric.endsWith(choice) && !lowerIsBetter(metric)
               && !metric.startsWith(QLatin1String("ItemCoverage"));
    return metric == choice;
}

bool RunDashboard::updateValidChoices()
{
    std::set<QString> cutoffs, others;
    for (const auto &[name, _] : m_data[m_shown].curves) {
        if (!name.startsWith(QLatin1String("valid/")))
            continue;
        const QString metric = name.section(QLatin1Char('/'), 1);
        const int at = metric.indexOf(QLatin1Char('@'));
        if (at > 0 && !lowerIsBetter(metric) && !metric.startsWith(QLatin1String("ItemCoverage")))
            cutoffs.insert(metric.mid(at));
        else
            others.insert(metric);
    }
    QStringList keys;
    for (const auto &c : cutoffs)
        keys.append(c);
    for (const auto &o : others)
        keys.append(o);
    QStringList current;
    for (int k = 0; k < m_validChoice->count(); ++k)
        current.append(m_validChoice->itemData(k).toString());
    if (keys == current)
        return false;
    const QString keep = m_validChoice->currentData().toString();
    QSignalBlocker block(m_validChoice);
    m_validChoice->clear();
    for (const auto &k : keys)
        m_validChoice->addItem(k.startsWith(QLatin1Char('@')) ? tr("accuracy %1").arg(k) : k, k);
    m_validChoice->setCurrentIndex(std::max(0, int(keys.indexOf(keep))));
    return true;
}

int RunDashboard::plottedPoints() const
{
    int n = 0;
    for (auto *s : m_series)
        n += int(s->count());
    return n;
}

} // namespace recscope::views
