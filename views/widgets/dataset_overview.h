// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

#include <functional>
#include <memory>
#include <vector>

class QFormLayout;
class QGridLayout;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTabWidget;

namespace recscope::core {
struct Dataset;
struct DatasetProfile;
struct DatasetStats;
} // namespace recscope::core

namespace recscope::views {

class ChartView;
class InteractionTableModel;

/// What a dataset looks like: statistics, the distributions of DatasetProfile as charts, and
/// the interaction rows as a table.
class DatasetOverview final : public QWidget
{
    Q_OBJECT

public:
    explicit DatasetOverview(QWidget *parent = nullptr);
    ~DatasetOverview() override;

    void setDataset(std::shared_ptr<const core::Dataset> data,
                    const core::DatasetStats &stats,
                    const core::DatasetProfile &profile);
    void clear(const QString &message);

    /// The charts built so far: they are added one per event-loop turn, so the window keeps
    /// painting while a dataset's first view is laid out.
    QList<ChartView *> charts() const { return m_charts; }
    bool chartsComplete() const { return !m_charts.isEmpty() && m_pendingCharts.empty(); }
    InteractionTableModel *tableModel() const { return m_model; }

private:
    void setStats(const core::Dataset &data, const core::DatasetStats &stats);
    QWidget *makeInteractionPage();
    void applyFilter();
    void addChart(ChartView *chart);
    void addNextChart();

    QTabWidget *m_tabs;
    QLabel *m_title;
    QFormLayout *m_stats;
    QGridLayout *m_grid;
    QTableView *m_table;
    InteractionTableModel *m_model;
    QComboBox *m_filterKind;
    QLineEdit *m_filter;
    QLabel *m_filterResult;
    QList<ChartView *> m_charts;
    std::vector<std::function<ChartView *()>>
        m_pendingCharts; // built front to back by m_chartTimer
    std::size_t m_nextChart = 0;
    QTimer m_chartTimer;
};

} // namespace recscope::views
