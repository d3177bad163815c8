// SPDX-License-Identifier: MIT
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"

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

ChartView *makeIntervalChart(const QString &title, const QStringList &rows, const QList<NamedIntervals> &series, const Axis &x)
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
        ay->append(rows[r], n - 1 - r); // end values must rise: the last row first, the first at the top
    ay->setRange(-0.6, n - 0.4);
    chart->addAxis(ay, Qt::AlignLeft);
    qreal lo = std::numeric_limits<qreal>::max(), hi = std::numeric_limits<qreal>::lowest();
    const int k = int(series.size());
    for (int s = 0; s < k; ++s) {
        const qreal offset = k > 1 ? 0.5 * (qreal(s) / qreal(k - 1) - 0.5) : 0.0; // side by side within the row
        auto *dots = new QScatterSeries;
        dots->setName(series[s].name);
        dots->setMarkerSize(10);
        chart->addSeries(dots);
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
            pen.setColor(dots->color());
            pen.setWidthF(2);
            whisker->setPen(pen);
            QObject::connect(whisker, &QLineSeries::hovered, whisker, [name = series[s].name, row = rows[r], iv](const QPointF &, bool on) {
                if (on)
                    QToolTip::showText(QCursor::pos(), QStringLiteral("%1 · %2: %3 [%4, %5]")
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
        marker->setVisible(qobject_cast<QScatterSeries *>(marker->series()) != nullptr); // whiskers have no entry
    if (lo <= hi) {
        const qreal pad = std::max<qreal>(1e-9, 0.05 * (hi - lo));
        ax->setRange(lo - pad, hi + pad);
        applyNiceTicks(ax);
    }
    return new ChartView(chart);
}

} // namespace recscope::views
