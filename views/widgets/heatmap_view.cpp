// SPDX-License-Identifier: MIT
#include "views/widgets/heatmap_view.h"

#include "views/widgets/view_helpers.h"

#include <QtCore/QFile>
#include <QtGui/QHelpEvent>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <cmath>

namespace recscope::views {

namespace {
constexpr int kTop = 28; // title line
}

HeatmapView::HeatmapView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::WheelFocus);
}

void HeatmapView::setMatrix(std::vector<float> values,
                            QStringList rowLabels,
                            QStringList colLabels,
                            QString title)
{
    m_values = std::move(values);
    m_rowLabels = std::move(rowLabels);
    m_colLabels = std::move(colLabels);
    m_title = std::move(title);
    m_cols = int(m_colLabels.size());
    m_max = 0;
    for (float v : m_values)
        m_max = std::max(m_max, std::abs(v));
    if (m_max <= 0)
        m_max = 1;
    updateGeometry();
    resize(sizeHint());
    update();
}

void HeatmapView::setCellSize(int px)
{
    m_cell = std::clamp(px, 3, 64);
    updateGeometry();
    resize(sizeHint());
    update();
}

int HeatmapView::labelWidth() const
{
    if (m_cell < 10)
        return 8; // too small to read: labels only in tooltips
    int w = 0;
    for (const auto &l : m_rowLabels)
        w = std::max(w, fontMetrics().horizontalAdvance(l));
    return std::min(w, 260) + 8;
}

QSize HeatmapView::sizeHint() const
{
    const int lw = labelWidth();
    return {std::max(lw + m_cols * m_cell + 70, fontMetrics().horizontalAdvance(m_title) + 16),
            kTop + lw + rows() * m_cell + 10};
}

QColor HeatmapView::colour(float v) const
{
    // Sequential white → dark blue for weights; negative values (HSTU's SiLU) in orange.
    const double t = std::clamp(double(std::abs(v)) / double(m_max), 0.0, 1.0);
    const QColor hi = v >= 0 ? QColor(8, 48, 107) : QColor(166, 54, 3);
    const QColor lo = palette().color(QPalette::Base);
    return QColor::fromRgbF(lo.redF() + (hi.redF() - lo.redF()) * t,
                            lo.greenF() + (hi.greenF() - lo.greenF()) * t,
                            lo.blueF() + (hi.blueF() - lo.blueF()) * t);
}

void HeatmapView::paint(QPainter &p) const
{
    const int lw = labelWidth(), x0 = lw, y0 = kTop + lw;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(4, 0, sizeHint().width(), kTop - 4),
               Qt::AlignLeft | Qt::AlignVCenter,
               m_title);
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < m_cols; ++c)
            p.fillRect(x0 + c * m_cell, y0 + r * m_cell, m_cell, m_cell, colour(value(r, c)));
    if (m_cell >= 10) {
        QFont f = p.font();
        f.setPointSizeF(std::min(f.pointSizeF(), m_cell * 0.6));
        p.setFont(f);
        for (int r = 0; r < rows(); ++r)
            p.drawText(QRect(0, y0 + r * m_cell, x0 - 4, m_cell),
                       Qt::AlignRight | Qt::AlignVCenter,
                       fontMetrics().elidedText(m_rowLabels[r], Qt::ElideMiddle, x0 - 6));
        p.save();
        p.translate(x0, y0 - 4);
        p.rotate(-90);
        for (int c = 0; c < m_cols; ++c)
            p.drawText(QRect(0, c * m_cell, lw - 4, m_cell),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       fontMetrics().elidedText(m_colLabels[c], Qt::ElideMiddle, lw - 6));
        p.restore();
    }
    // Colour scale.
    const int sx = x0 + m_cols * m_cell + 16, sh = std::max(60, rows() * m_cell);
    for (int k = 0; k < sh; ++k)
        p.fillRect(sx, y0 + k, 14, 1, colour(m_max * float(sh - k) / float(sh)));
    p.drawText(sx + 18, y0 + 10, QString::number(m_max, 'g', 3));
    p.drawText(sx + 18, y0 + sh, QStringLiteral("0"));
}

void HeatmapView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    paint(p);
}

void HeatmapView::wheelEvent(QWheelEvent *event)
{
    setCellSize(m_cell + (event->angleDelta().y() > 0 ? 2 : -2));
    event->accept();
}

void HeatmapView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)
        setCellSize(m_cell + 2);
    else if (event->key() == Qt::Key_Minus)
        setCellSize(m_cell - 2);
    else
        QWidget::keyPressEvent(event);
}

bool HeatmapView::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto *help = static_cast<QHelpEvent *>(event);
    const int lw = labelWidth();
    const int c = (help->pos().x() - lw) / m_cell, r = (help->pos().y() - kTop - lw) / m_cell;
    if (help->pos().x() < lw || help->pos().y() < kTop + lw || r >= rows() || c >= m_cols) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(help->globalPos(),
                       tr("query %1: %2\nkey %3: %4\nweight %5")
                           .arg(r + 1)
                           .arg(m_rowLabels[r])
                           .arg(c + 1)
                           .arg(m_colLabels[c])
                           .arg(double(value(r, c)), 0, 'g', 5),
                       this);
    return true;
}

QString HeatmapView::toCsv() const
{
    QString out = csvField(QStringLiteral("query \\ key"));
    for (const auto &c : m_colLabels)
        out += QLatin1Char(',') + csvField(c);
    out += QLatin1Char('\n');
    for (int r = 0; r < rows(); ++r) {
        out += csvField(m_rowLabels[r]);
        for (int c = 0; c < m_cols; ++c)
            out += QLatin1Char(',') + QString::number(double(value(r, c)), 'g', 7);
        out += QLatin1Char('\n');
    }
    return out;
}

bool HeatmapView::exportTo(const QString &file, QString *error)
{
    bool ok = true;
    if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        QFile f(file);
        ok = f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)
             && f.write(toCsv().toUtf8()) >= 0;
    } else if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(sizeHint());
        svg.setViewBox(QRect(QPoint(0, 0), sizeHint()));
        svg.setTitle(m_title);
        QPainter p;
        ok = p.begin(&svg);
        if (ok) {
            paint(p);
            p.end();
        }
    } else {
        QImage image(sizeHint(), QImage::Format_ARGB32);
        image.fill(palette().color(QPalette::Base));
        QPainter p(&image);
        paint(p);
        p.end();
        ok = image.save(file);
    }
    if (!ok && error)
        *error = tr("cannot write %1").arg(file);
    return ok;
}

} // namespace recscope::views
