// SPDX-License-Identifier: MIT
#pragma once

#include "views/models/run_snapshot.h"

#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QVBoxLayout;

namespace recscope::views {

class ChartView;
class RunTableModel;

/// Compare runs: a sortable table of test metrics with the best value per column marked,
/// grouped bars per metric and overlaid training curves for the checked runs; export as CSV,
/// PNG or SVG. Clicking a bar or a curve point asks to open its run.
class CompareView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxChartedRuns = 20; ///< more bars or curves than this are unreadable
    static constexpr int kAutoTicks = 10;      ///< new runs ticked when they appear

    explicit CompareView(QWidget *parent = nullptr);

    void setRuns(std::vector<RunSnapshot> runs);
    RunTableModel *model() const { return m_model; }
    ChartView *barChart() const { return m_bars; }
    ChartView *curveChart() const { return m_curves; }
    QTableView *table() const { return m_table; }

    bool exportCsv(const QString &file, QString *error = nullptr) const;

Q_SIGNALS:
    void runActivated(qint64 runId);

private:
    std::vector<const RunSnapshot *> chartedRuns() const;
    void rebuildBars();
    void rebuildCurves();
    void replaceChart(ChartView *&slot, QVBoxLayout *layout, ChartView *fresh);
    void exportChart();

    RunTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QTabWidget *m_tabs;
    QComboBox *m_cutoff;
    QComboBox *m_curve;
    QVBoxLayout *m_barLayout = nullptr;
    QVBoxLayout *m_curveLayout = nullptr;
    ChartView *m_bars = nullptr;
    ChartView *m_curves = nullptr;
    QLabel *m_chartNote;
    QTimer m_rebuild;
};

} // namespace recscope::views
