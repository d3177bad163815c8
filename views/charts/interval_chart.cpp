// SPDX-License-Identifier: MIT
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"

#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtGui/QGuiApplication>
#include <QtGui/QPalette>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <limits>

namespace recscope::views {

ChartView *makeIntervalChart(const QString &title,
                             const QStringList &rows,
                             const QList<NamedIntervals> &series,
                             const Axis &x)
{
    auto *chart = newChart(title);
    auto *ax = new QValueAxis;
    ax->setTitleText(x.title);
    ax->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(ax, Qt::AlignBottom);
    auto *ay = new QCategoryAxis;
    ay->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int n = int(rows.size());
    for (int r = n - 1; r >= 0; --r)
        ay->append(rows[r],
                   n - 1 - r); // end values must rise: the last row first, the first at the top
    ay->setRange(-0.6, n - 0.4);
    chart->addAxis(ay, Qt::AlignLeft);
    qreal lo = std::numeric_limits<qreal>::max(), hi = std::numeric_limits<qreal>::lowest();
    const int k = int(series.size());
    for (int s = 0; s < k; ++s) {
        const qreal offset
            = k > 1 ? 0.5 * (qreal(s) / qreal(k - 1) - 0.5) : 0.0; // side by side within the row
        auto *dots = new QScatterSeries;
        dots->setName(series[s].name);
        dots->setMarkerSize(10);
        chart->addSeries(dots);
        pinColour(dots, series[s].colour); // the whiskers added next must not shift the palette
        dots->attachAxis(ax);
        dots->attachAxis(ay);
        for (int r = 0; r < std::min<int>(n, int(series[s].rows.size())); ++r) {
            const auto &iv = series[s].rows[r];
            const qreal y = n - 1 - r - offset;
            dots->append(iv.value, y);
            auto *whisker = new QLineSeries;
            whisker->append(iv.low, y);
            whisker->append(iv.high, y);
            chart->addSeries(whisker);
            whisker->attachAxis(ax);
            whisker->attachAxis(ay);
            QPen pen = whisker->pen();
            pen.setWidthF(2);
            whisker->setPen(pen);
            pinColour(whisker, dots->color());
            QObject::connect(whisker,
                             &QLineSeries::hovered,
                             whisker,
                             [name = series[s].name, row = rows[r], iv](const QPointF &, bool on) {
                                 if (on)
                                     QToolTip::showText(QCursor::pos(),
                                                        QStringLiteral("%1 · %2: %3 [%4, %5]")
                                                            .arg(row, name)
                                                            .arg(iv.value, 0, 'g', 4)
                                                            .arg(iv.low, 0, 'g', 4)
                                                            .arg(iv.high, 0, 'g', 4));
                             });
            lo = std::min({lo, iv.low, iv.value});
            hi = std::max({hi, iv.high, iv.value});
        }
        attachTooltips(dots);
    }
    for (auto *marker : chart->legend()->markers())
        marker->setVisible(qobject_cast<QScatterSeries *>(marker->series())
                           != nullptr); // whiskers have no entry
    if (lo <= hi) {
        const qreal pad = std::max<qreal>(1e-9, 0.05 * (hi - lo));
        ax->setRange(lo - pad, hi + pad);
        applyNiceTicks(ax);
    }
    return new ChartView(chart);
}

ChartView *makeBarChartWithIntervals(const QString &title,
                                     const QStringList &categories,
                                     const QList<NamedIntervals> &sets,
                                     const Axis &y)
{
    QList<NamedValues> values;
    qreal hi = 0, lo = 0;
    for (const auto &s : sets) {
        NamedValues v{s.name, {}, s.colour};
        for (const auto &iv : s.rows) {
            v.values.append(iv.value);
            hi = std::max({hi, iv.high, iv.value});
            lo = std::min({lo, iv.low, iv.value});
        }
        values.append(v);
    }
    ChartView *view = makeBarChart(title, categories, values, y);
    QChart *chart = view->chart();
    auto *bars = static_cast<QBarSeries *>(chart->series().front());
    auto *valueAxis = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).front());
    valueAxis->setRange(lo < 0 ? lo * 1.05 : 0, hi > 0 ? hi * 1.05 : 1);
    applyNiceTicks(valueAxis);
    // The whiskers live on a hidden x axis laid over the categories: category c spans c ± 0.5 and
    // its bars share the series' bar width (a fraction of it), set s at the s-th slot.
    auto *x = new QValueAxis;
    x->setRange(-0.5, qreal(categories.size()) - 0.5);
    x->setVisible(false);
    chart->addAxis(x, Qt::AlignBottom);
    const qreal width = bars->barWidth(), slot = sets.isEmpty() ? 0 : width / qreal(sets.size());
    for (int s = 0; s < int(sets.size()); ++s) {
        const QColor color = bars->barSets()[s]->color().darker(160);
        for (int c = 0; c < std::min<int>(int(categories.size()), int(sets[s].rows.size())); ++c) {
            const auto &iv = sets[s].rows[c];
            if (!(iv.high > iv.low))
                continue; // one seed: no interval to draw
            const qreal cx = qreal(c) - width / 2 + (qreal(s) + 0.5) * slot, cap = slot * 0.25;
            auto *whisker = new QLineSeries;
            for (const QPointF &p : {QPointF(cx - cap, iv.low),
                                     QPointF(cx + cap, iv.low),
                                     QPointF(cx, iv.low),
                                     QPointF(cx, iv.high),
                                     QPointF(cx - cap, iv.high),
                                     QPointF(cx + cap, iv.high)})
                whisker->append(p);
            QPen pen(color);
            pen.setWidthF(1.5);
            whisker->setPen(pen);
            chart->addSeries(whisker);
            pinColour(whisker, color);
            whisker->attachAxis(x);
            whisker->attachAxis(valueAxis);
            QObject::connect(whisker,
                             &QLineSeries::hovered,
                             whisker,
                             [name = sets[s].name, cat = categories[c], iv](const QPointF &,
                                                                            bool on) {
                                 if (on)
                                     QToolTip::showText(QCursor::pos(),
                                                        QStringLiteral(
                                                            "%1 · %2: %3, 95% interval [%4, %5]")
                                                            .arg(name, cat)
                                                            .arg(iv.value, 0, 'g', 4)
                                                            .arg(iv.low, 0, 'g', 4)
                                                            .arg(iv.high, 0, 'g', 4));
                             });
        }
    }
    for (auto *marker : chart->legend()->markers())
        marker->setVisible(qobject_cast<QBarSeries *>(marker->series())
                           != nullptr); // whiskers have no entry
    return view;
}

} // namespace recscope::views
