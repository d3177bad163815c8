// SPDX-License-Identifier: MIT
#pragma once

#include <QtCharts/QChartView>

#include <functional>

class QXYSeries;
class QAbstractBarSeries;

namespace recscope::views {

/// A QChartView people can explore: wheel zooms around the cursor, dragging with the left
/// button draws a zoom rectangle, the right button pans, double-click or R resets; legend
/// entries toggle their series; tooltips show exact values (see attachTooltips).
class ChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);

    /// Makes every legend marker of the chart's current series toggle its series. Call after
    /// adding series.
    void connectLegend();
    /// Writes the chart as PNG or SVG (by the file's suffix). Returns false with a message.
    bool exportTo(const QString &file, QString *error = nullptr);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    /// View ▸ Dark palette re-themes every chart at once, without a restart.
    void changeEvent(QEvent *event) override;

private:
    QPointF m_panFrom;
    bool m_panning = false;
};

/// Shows a tooltip with the exact x and y (or category and value) when hovering a point or bar.
/// xLabel formats x (e.g. a date); by default it prints the number.
void attachTooltips(QXYSeries *series, std::function<QString(double)> xLabel = {});
void attachTooltips(QAbstractBarSeries *series, const QStringList &categories);

/// Emits pointClicked(seriesName, x) when a point or bar is clicked, so views can open the run
/// behind it.
class ChartClicks : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    void watch(QXYSeries *series);
    void watch(QAbstractBarSeries *series);

Q_SIGNALS:
    void clicked(const QString &series, int index);
};

} // namespace recscope::views
