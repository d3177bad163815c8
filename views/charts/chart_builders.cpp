// SPDX-License-Identifier: MIT
#include "views/charts/chart_builders.h"

#include "views/charts/chart_view.h"

#include <recscope/core/run_colour.h>

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QDateTime>
#include <QtGui/QGuiApplication>
#include <QtGui/QIcon>
#include <QtGui/QPalette>
#include <QtGui/QPixmap>

#include <algorithm>
#include <cmath>

namespace recscope::views {

namespace {

QAbstractAxis *makeAxis(const Axis &a, Qt::Alignment align, QChart *chart)
{
    QAbstractAxis *axis = nullptr;
    if (a.dates) {
        auto *d = new QDateTimeAxis;
        d->setFormat(QStringLiteral("yyyy-MM-dd"));
        axis = d;
    } else if (a.log) {
        auto *l = new QLogValueAxis;
        l->setBase(10);
        l->setLabelFormat(QStringLiteral("%g"));
        l->setMinorTickCount(-1);
        axis = l;
    } else {
        auto *v = new QValueAxis;
        v->setLabelFormat(QStringLiteral("%.4g"));
        axis = v;
    }
    axis->setTitleText(a.title);
    chart->addAxis(axis, align);
    return axis;
}

} // namespace

QColor runColor(qint64 runId)
{
    return QColor(QLatin1String(core::runColour(runId)));
}

QIcon runSwatch(qint64 runId)
{
    QPixmap square(12, 12);
    square.fill(runColor(runId));
    return QIcon(square);
}

namespace {

constexpr char kPinned[] = "rsPinnedColour";

constexpr char kPinnedWidth[] = "rsPinnedWidth";

void applyColour(QObject *item, const QColor &c)
{
    if (auto *set = qobject_cast<QBarSet *>(item)) {
        set->setColor(c);
        set->setBorderColor(c);
    } else if (auto *line = qobject_cast<QLineSeries *>(item)) {
        QPen pen = line->pen(); // a theme resets the width too: keep the one it was pinned with
        pen.setColor(c);
        if (const QVariant w = line->property(kPinnedWidth); w.isValid())
            pen.setWidthF(w.toReal());
        line->setPen(pen);
    } else if (auto *xy = qobject_cast<QXYSeries *>(item)) {
        xy->setColor(c);
        if (auto *dots = qobject_cast<QScatterSeries *>(item))
            dots->setBorderColor(c);
    }
}

QColor currentColour(QObject *item)
{
    if (auto *set = qobject_cast<QBarSet *>(item))
        return set->color();
    if (auto *xy = qobject_cast<QXYSeries *>(item))
        return xy->color();
    return {};
}

} // namespace

void pinColour(QObject *item, QColor colour)
{
    if (!colour.isValid())
        colour = currentColour(item);
    item->setProperty(kPinned, colour);
    if (auto *line = qobject_cast<QLineSeries *>(item))
        line->setProperty(kPinnedWidth, line->pen().widthF());
    applyColour(item, colour);
}

void reapplyPinnedColours(QChart *chart)
{
    for (QAbstractSeries *s : chart->series()) {
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(s)) {
            for (QBarSet *set : bars->barSets()) {
                const QVariant pinned = set->property(kPinned);
                if (set->property("rsHidden").toBool()) { // switched off in the legend: stays so
                    set->setProperty("rsColor", pinned.isValid() ? pinned : set->color());
                    applyColour(set, Qt::transparent);
                } else if (pinned.isValid()) {
                    applyColour(set, pinned.value<QColor>());
                }
            }
        } else if (const QVariant c = s->property(kPinned); c.isValid()) {
            applyColour(s, c.value<QColor>());
        }
    }
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    // Follow the application palette (View ▸ Dark palette); set before series get their colours.
    if (QGuiApplication::palette().color(QPalette::Window).lightness() < 128)
        chart->setTheme(QChart::ChartThemeDark);
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

namespace {

/// Lines (or dots, for scatter) with tooltips, round ticks and a legend that toggles series.
ChartView *makeXYChart(const QString &title,
                       const QList<NamedPoints> &series,
                       const Axis &x,
                       const Axis &y,
                       bool scatter)
{
    QChart *chart = newChart(title);
    auto *ax = makeAxis(x, Qt::AlignBottom, chart);
    auto *ay = makeAxis(y, Qt::AlignLeft, chart);
    // Bounds of every point (QRectF::united ignores the empty rectangle of a single point).
    double left = INFINITY, right = -INFINITY, bottom = INFINITY, top = -INFINITY;
    for (const auto &s : series) {
        QXYSeries *xy = scatter ? static_cast<QXYSeries *>(new QScatterSeries) : new QLineSeries;
        xy->setName(s.name);
        QList<QPointF> pts = s.points;
        if (x.dates)
            for (auto &p : pts)
                p.setX(p.x() * 1000.0); // QDateTimeAxis counts milliseconds
        xy->replace(scatter ? pts : decimate(pts));
        if (!scatter)
            static_cast<QLineSeries *>(xy)->setPointsVisible(pts.size() < 60);
        for (const auto &p : pts) {
            left = std::min(left, p.x());
            right = std::max(right, p.x());
            bottom = std::min(bottom, p.y());
            top = std::max(top, p.y());
        }
        chart->addSeries(xy);
        if (s.colour.isValid())
            pinColour(xy, s.colour);
        xy->attachAxis(ax);
        xy->attachAxis(ay);
        std::function<QString(double)> fmt;
        if (x.dates)
            fmt = [](double ms) {
                return QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC).toString(Qt::ISODate);
            };
        attachTooltips(xy, fmt);
    }
    if (scatter
        && left <= right) { // a few dots need room around them; Qt would put them on the frame
        auto pad = [](double lo, double hi) {
            return std::max(0.1 * (hi - lo), std::max(1e-3, 0.05 * std::abs(hi)));
        };
        // A log axis is padded by a factor: subtracting could reach zero or below.
        auto range = [&](QAbstractAxis *axis, bool log, double lo, double hi) {
            if (log)
                axis->setRange(lo / 1.5, hi * 1.5);
            else
                axis->setRange(lo - pad(lo, hi), hi + pad(lo, hi));
        };
        range(ax, x.log, left, right);
        range(ay, y.log, bottom, top);
    } else if (left <= right) {
        // Qt sizes an axis to the first series attached; span every series instead.
        if (!x.dates && right > left)
            ax->setRange(left, right);
        if (top > bottom)
            ay->setRange(bottom, top);
    }
    // Round tick labels (0.2, 0.4 … rather than 0.0285, 0.2714 …) on linear axes.
    for (auto *axis : chart->axes())
        if (auto *v = qobject_cast<QValueAxis *>(axis))
            applyNiceTicks(v);
    chart->legend()->setVisible(series.size() > 1);
    if (series.size() > 8) // a bottom legend would cut long lists of run names short
        chart->legend()->setAlignment(Qt::AlignRight);
    auto *view = new ChartView(chart);
    view->connectLegend();
    return view;
}

} // namespace

ChartView *
makeLineChart(const QString &title, const QList<NamedPoints> &series, const Axis &x, const Axis &y)
{
    return makeXYChart(title, series, x, y, false);
}

ChartView *makeScatterChart(const QString &title,
                            const QList<NamedPoints> &series,
                            const Axis &x,
                            const Axis &y)
{
    return makeXYChart(title, series, x, y, true);
}

ChartView *makeBarChart(const QString &title,
                        const QStringList &categories,
                        const QList<NamedValues> &sets,
                        const Axis &y,
                        bool horizontal,
                        bool stacked)
{
    QChart *chart = newChart(title);
    QAbstractBarSeries *bars = stacked ? static_cast<QAbstractBarSeries *>(new QStackedBarSeries)
                               : horizontal
                                   ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                   : new QBarSeries;
    for (const auto &s : sets) {
        auto *set = new QBarSet(s.name);
        set->append(s.values);
        bars->append(set);
    }
    chart->addSeries(bars);
    for (int k = 0; k < int(sets.size()); ++k) // after addSeries: the theme colours on adding
        if (sets[k].colour.isValid())
            pinColour(bars->barSets()[k], sets[k].colour);
    auto *cats = new QBarCategoryAxis;
    cats->append(categories);
    auto *values = new QValueAxis;
    values->setTitleText(y.title);
    qreal hi = 0;
    for (const auto &s : sets)
        for (qsizetype k = 0; k < s.values.size(); ++k)
            hi = std::max(hi, s.values[k]);
    if (stacked) {
        QList<qreal> sums(categories.size(), 0);
        for (const auto &s : sets)
            for (qsizetype k = 0; k < std::min(s.values.size(), sums.size()); ++k)
                sums[k] += s.values[k];
        for (qreal v : sums)
            hi = std::max(hi, v);
    }
    values->setRange(0, hi > 0 ? hi * 1.05 : 1);
    applyNiceTicks(values);
    chart->addAxis(cats, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    bars->attachAxis(cats);
    bars->attachAxis(values);
    attachTooltips(bars, categories);
    chart->legend()->setVisible(sets.size() > 1);
    if (sets.size() > 8)
        chart->legend()->setAlignment(Qt::AlignRight);
    auto *view = new ChartView(chart);
    view->connectLegend();
    if (horizontal) // category labels are elided to "…" unless each row has a text line's height
        view->setMinimumHeight(130 + int(categories.size()) * std::max(26, 13 * int(sets.size())));
    return view;
}

void applyNiceTicks(QValueAxis *axis)
{
    if (!(axis->max() > axis->min()))
        return;
    axis->applyNiceNumbers();
    // As many decimals as the tick step needs: 1.42, 1.43 … rather than 1.42, 1.42 ….
    const double step = (axis->max() - axis->min()) / std::max(1, axis->tickCount() - 1);
    const int decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 8);
    const bool large = std::max(std::abs(axis->max()), std::abs(axis->min())) >= 1e6;
    axis->setLabelFormat(large ? QStringLiteral("%.3g")
                               : QStringLiteral("%.") + QString::number(decimals)
                                     + QStringLiteral("f"));
}

QList<QPointF>
toPoints(const std::vector<double> &x, const std::vector<double> &y, bool logX, bool logY)
{
    QList<QPointF> out;
    out.reserve(qsizetype(x.size()));
    for (std::size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
        if ((logX && x[k] <= 0) || (logY && y[k] <= 0) || !std::isfinite(y[k]))
            continue;
        out.append(QPointF(x[k], y[k]));
    }
    return out;
}

QList<QPointF> decimate(const QList<QPointF> &points, int maxPoints)
{
    if (points.size() <= maxPoints)
        return points;
    // Per bucket keep the lowest and the highest point, in x order, so spikes survive.
    const int buckets = maxPoints / 2;
    const double per = double(points.size()) / buckets;
    QList<QPointF> out;
    out.reserve(maxPoints);
    for (int b = 0; b < buckets; ++b) {
        const auto lo = qsizetype(b * per), hi = std::min(points.size(), qsizetype((b + 1) * per));
        if (lo >= hi)
            continue;
        auto mn = lo, mx = lo;
        for (auto k = lo; k < hi; ++k) {
            if (points[k].y() < points[mn].y())
                mn = k;
            if (points[k].y() > points[mx].y())
                mx = k;
        }
        out.append(points[std::min(mn, mx)]);
        if (mn != mx)
            out.append(points[std::max(mn, mx)]);
    }
    return out;
}

} // namespace recscope::views
