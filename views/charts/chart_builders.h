// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QList>
#include <QtCore/QPointF>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtGui/QColor>

#include <vector>

class QChart;
class QIcon;
class QValueAxis;

namespace recscope::views {

class ChartView;

struct Axis
{
    QString title;
    bool log = false;
    bool dates = false; ///< x holds seconds since the epoch
};

/// A series' own colour (a run's, runColor) is kept when the palette changes; an invalid one
/// takes the chart theme's next colour.
struct NamedPoints
{
    QString name;
    QList<QPointF> points;
    QColor colour = {};
};

struct NamedValues
{
    QString name;
    QList<qreal> values;
    QColor colour = {};
};

/// An empty chart in the application's light or dark theme, titled, without animation.
QChart *newChart(const QString &title);

/// A line chart with one series per entry, tooltips and legend toggling wired up.
ChartView *
makeLineChart(const QString &title, const QList<NamedPoints> &series, const Axis &x, const Axis &y);
/// A scatter chart: one series of dots per entry (e.g. one per run), with room around them.
ChartView *makeScatterChart(const QString &title,
                            const QList<NamedPoints> &series,
                            const Axis &x,
                            const Axis &y);
/// A (grouped, or stacked) bar chart: one bar set per entry, one group per category.
ChartView *makeBarChart(const QString &title,
                        const QStringList &categories,
                        const QList<NamedValues> &sets,
                        const Axis &y,
                        bool horizontal = false,
                        bool stacked = false);

/// A value with its interval, e.g. a mean and its bootstrap 95% interval.
struct Interval
{
    qreal value = 0, low = 0, high = 0;
};

struct NamedIntervals
{
    QString name;
    QList<Interval> rows; ///< one per row label
    QColor colour = {};
};

/// A forest plot: one row per label, and for each series a dot at the value with a whisker from
/// low to high, series side by side within a row; the value axis runs along x. Hover for the
/// numbers.
ChartView *makeIntervalChart(const QString &title,
                             const QStringList &rows,
                             const QList<NamedIntervals> &series,
                             const Axis &x);

/// Grouped bars of values with an error bar (low to high, e.g. a 95% interval) on each: one bar
/// set per entry, one group per category, as makeBarChart. Hover a bar or a whisker for the
/// numbers.
ChartView *makeBarChartWithIntervals(const QString &title,
                                     const QStringList &categories,
                                     const QList<NamedIntervals> &sets,
                                     const Axis &y);

/// The colour a run is drawn in in every chart, table and report (core::runColour).
QColor runColor(qint64 runId);
/// A small square of the run's colour, for the rows that list runs (tables, the project tree).
QIcon runSwatch(qint64 runId);

/// Gives a series (or bar set) a colour that a palette change keeps (ChartView re-applies it);
/// an invalid colour pins the one it has now.
void pinColour(QObject *seriesOrSet, QColor colour = {});
/// Re-applies the pinned colours after the chart theme recoloured every series.
void reapplyPinnedColours(QChart *chart);

/// Round tick positions (Qt's nice numbers) with as many decimals as the tick step needs.
void applyNiceTicks(QValueAxis *axis);

/// Points from parallel x/y vectors, skipping non-positive values on log axes.
QList<QPointF> toPoints(const std::vector<double> &x,
                        const std::vector<double> &y,
                        bool logX = false,
                        bool logY = false);

/// Keeps at most about maxPoints points by min/max decimation per bucket (STYLE §6.3).
QList<QPointF> decimate(const QList<QPointF> &points, int maxPoints = 2000);

} // namespace recscope::views
