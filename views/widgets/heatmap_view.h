// SPDX-License-Identifier: MIT
#pragma once

#include <QtWidgets/QWidget>

#include <vector>

namespace recscope::views {

/// A query × key matrix drawn as coloured cells with row and column labels: wheel (or +/−)
/// zooms, hovering shows the exact value, export to PNG/SVG/CSV. Put it in a QScrollArea.
class HeatmapView final : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapView(QWidget *parent = nullptr);

    /// values[row * cols + col]; labels per row (queries) and column (keys).
    void setMatrix(std::vector<float> values,
                   QStringList rowLabels,
                   QStringList colLabels,
                   QString title);
    float value(int row, int col) const { return m_values[std::size_t(row * m_cols + col)]; }
    int rows() const { return int(m_rowLabels.size()); }
    int cellSize() const { return m_cell; }
    void setCellSize(int px);
    bool exportTo(const QString &file, QString *error = nullptr);
    QString toCsv() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override; ///< tooltips

private:
    void paint(QPainter &p) const;
    QColor colour(float v) const;
    int labelWidth() const;

    std::vector<float> m_values;
    QStringList m_rowLabels, m_colLabels;
    QString m_title;
    int m_cols = 0, m_cell = 18;
    float m_max = 1;
};

} // namespace recscope::views
