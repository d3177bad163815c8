// SPDX-License-Identifier: MIT
#pragma once

#include "views/models/run_snapshot.h"

#include <recscope/core/run_groups.h>

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
class SeedGroupsView;
class SweepView;

/// Compare runs: a sortable table of test metrics with the best value per column marked,
/// grouped bars per metric and overlaid training curves for the checked runs, the runs pooled
/// over seeds per configuration (mean ± std, intervals, a paired test) and the project's sweeps;
/// export as CSV, PNG or SVG. Clicking a bar or a curve point asks to open its run.
class CompareView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxChartedRuns = 20; ///< more bars or curves than this are unreadable
    static constexpr int kAutoTicks = 10;      ///< new runs ticked when they appear

    explicit CompareView(QWidget *parent = nullptr);

    void setRuns(std::vector<RunSnapshot> runs);
    void setSweeps(std::vector<core::SweepSummary> sweeps);
    RunTableModel *model() const { return m_model; }
    ChartView *barChart() const { return m_bars; }
    ChartView *curveChart() const { return m_curves; }
    QTableView *table() const { return m_table; }
    SeedGroupsView *seedGroups() const { return m_seeds; }
    SweepView *sweeps() const { return m_sweeps; }
    QTabWidget *tabs() const { return m_tabs; }

    bool exportCsv(const QString &file, QString *error = nullptr) const;
    /// Makes a run the table's current row (selection shared with the other views), without
    /// runSelected; 0 or a run it does not list clears the selection.
    void selectRun(qint64 runId);

Q_SIGNALS:
    void runActivated(qint64 runId);
    /// The user made a run the current row.
    void runSelected(qint64 runId);

private:
    std::vector<const RunSnapshot *> chartedRuns() const;
    void rebuildBars();
    void rebuildCurves();
    void updateSeedGroups();
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
    SeedGroupsView *m_seeds;
    SweepView *m_sweeps;
    bool m_quietSelection = false; ///< the selection is being set, not picked by the user
    bool m_seedsDirty = true;      ///< runs or ticks changed while the seeds page was hidden
    QTimer m_rebuild;
};

} // namespace recscope::views
