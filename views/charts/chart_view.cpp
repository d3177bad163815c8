// SPDX-License-Identifier: MIT
#include "views/charts/chart_view.h"

#include "views/charts/chart_builders.h"

#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QXYSeries>
#include <QtGui/QCursor>
#include <QtGui/QMouseEvent>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QToolTip>

namespace recscope::views {

ChartView::ChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    chart->setAnimationOptions(QChart::NoAnimation); // STYLE §6.3: live charts never animate
    setToolTip(
        tr("Wheel: zoom · drag: zoom to rectangle · right-drag: pan · double-click or R: reset"));
}

void ChartView::connectLegend()
{
    for (QLegendMarker *marker : chart()->legend()->markers()) {
        disconnect(marker, &QLegendMarker::clicked, nullptr, nullptr);
        connect(marker, &QLegendMarker::clicked, this, [marker] {
            QAbstractSeries *s = marker->series();
            if (marker->type() == QLegendMarker::LegendMarkerTypeBar) {
                // A bar marker stands for one bar set: hide it by making it transparent.
                auto *bm = static_cast<QBarLegendMarker *>(marker);
                QBarSet *set = bm->barset();
                const bool hidden = set->property("rsHidden").toBool();
                QColor c = set->color();
                if (!hidden)
                    set->setProperty("rsColor", c);
                set->setColor(hidden ? set->property("rsColor").value<QColor>()
                                     : QColor(Qt::transparent));
                set->setBorderColor(hidden ? set->property("rsColor").value<QColor>()
                                           : QColor(Qt::transparent));
                set->setProperty("rsHidden", !hidden);
                QFont f = marker->font();
                f.setStrikeOut(!hidden);
                marker->setFont(f);
                return;
            }
            s->setVisible(!s->isVisible());
            marker->setVisible(true); // keep the entry so it can be switched back on
            QFont f = marker->font();
            f.setStrikeOut(!s->isVisible());
            marker->setFont(f);
        });
    }
}

bool ChartView::exportTo(const QString &file, QString *error)
{
    if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(size());
        svg.setViewBox(rect());
        svg.setTitle(chart()->title());
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = tr("cannot write %1").arg(file);
            return false;
        }
        render(&p);
        return p.end();
    }
    if (!grab().save(file)) {
        if (error)
            *error = tr("cannot write %1 (use .png or .svg)").arg(file);
        return false;
    }
    return true;
}

void ChartView::wheelEvent(QWheelEvent *event)
{
    const qreal factor = event->angleDelta().y() > 0 ? 1.25 : 0.8;
    const QPointF at = event->position();
    const QRectF area = chart()->plotArea();
    QRectF r(area.topLeft(), area.size() / factor);
    r.moveCenter(at - (at - area.center()) / factor);
    chart()->zoomIn(r);
    event->accept();
}

void ChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::RightButton) {
        m_panning = true;
        m_panFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPointF d = event->position() - m_panFrom;
        chart()->scroll(-d.x(), d.y());
        m_panFrom = event->position();
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && event->button() == Qt::RightButton) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    // QChartView zooms out on a right click; we pan with the right button instead.
    QChartView::mouseReleaseEvent(event);
}

void ChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    chart()->zoomReset();
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_R) {
        chart()->zoomReset();
        return;
    }
    QChartView::keyPressEvent(event);
}

void attachTooltips(QXYSeries *series, std::function<QString(double)> xLabel)
{
    QObject::connect(series,
                     &QXYSeries::hovered,
                     series,
                     [series, xLabel](const QPointF &p, bool state) {
                         if (!state) {
                             QToolTip::hideText();
                             return;
                         }
                         // hovered gives the cursor position in value space; report the nearest
                         // real point.
                         const auto pts = series->points();
                         if (pts.isEmpty())
                             return;
                         auto best = pts.front();
                         for (const auto &q : pts)
                             if (std::abs(q.x() - p.x()) < std::abs(best.x() - p.x()))
                                 best = q;
                         const QString x
                             = xLabel ? xLabel(best.x()) : QString::number(best.x(), 'g', 6);
                         QToolTip::showText(QCursor::pos(),
                                            QStringLiteral("%1\n%2: %3")
                                                .arg(series->name(),
                                                     x,
                                                     QString::number(best.y(), 'g', 6)));
                     });
}

void attachTooltips(QAbstractBarSeries *series, const QStringList &categories)
{
    QObject::connect(series,
                     &QAbstractBarSeries::hovered,
                     series,
                     [categories](bool state, int index, QBarSet *set) {
                         if (!state) {
                             QToolTip::hideText();
                             return;
                         }
                         const QString cat = index < categories.size() ? categories[index]
                                                                       : QString::number(index);
                         QToolTip::showText(QCursor::pos(),
                                            QStringLiteral("%1 · %2\n%3")
                                                .arg(set->label(),
                                                     cat,
                                                     QString::number(set->at(index), 'g', 6)));
                     });
}

void ChartClicks::watch(QXYSeries *series)
{
    connect(series, &QXYSeries::clicked, this, [this, series](const QPointF &p) {
        const auto pts = series->points();
        int best = -1;
        for (int k = 0; k < pts.size(); ++k)
            if (best < 0 || std::abs(pts[k].x() - p.x()) < std::abs(pts[best].x() - p.x()))
                best = k;
        if (best >= 0)
            Q_EMIT clicked(series->name(), best);
    });
}

void ChartClicks::watch(QAbstractBarSeries *series)
{
    connect(series, &QAbstractBarSeries::clicked, this, [this](int index, QBarSet *set) {
        Q_EMIT clicked(set->label(), index);
    });
}

void ChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::ApplicationPaletteChange)
        return;
    const auto theme = palette().color(QPalette::Window).lightness() < 128
                           ? QChart::ChartThemeDark
                           : QChart::ChartThemeLight;
    if (chart()->theme() == theme)
        return;
    chart()->setTheme(theme);      // recolours every series from the theme's palette…
    reapplyPinnedColours(chart()); // …but a run keeps its colour
}

} // namespace recscope::views
