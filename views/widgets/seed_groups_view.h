// SPDX-License-Identifier: MIT
#pragma once

#include "views/models/run_snapshot.h"

#include <recscope/core/run_groups.h>

#include <QtCore/QSet>
#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace recscope::views {

class ChartView;

/// Runs pooled over seeds: one row per configuration (the same data, split, model and
/// parameters) with each test metric as mean ± std and its 95% t-interval; a bar chart of the
/// ticked runs' configurations with those intervals as error bars; and a paired t-test between two
/// configurations over the seeds both ran.
class SeedGroupsView final : public QWidget
{
    Q_OBJECT

public:
    explicit SeedGroupsView(QWidget *parent = nullptr);

    /// ticked: the runs ticked in the compare table; their configurations are charted.
    void setRuns(const std::vector<RunSnapshot> &runs, const QSet<qint64> &ticked);
    /// Picks the two configurations (rows of the table) and the metric of the paired test.
    void setPair(int a, int b, const QString &metric);

    QTableWidget *table() const { return m_table; }
    ChartView *chart() const { return m_chart; }
    QLabel *testResult() const { return m_test; }
    const std::vector<core::ConfigurationSummary> &groups() const { return m_groups; }

Q_SIGNALS:
    void runActivated(qint64 runId);

private:
    void fillTable();
    void rebuildChart();
    void runTest();

    std::vector<core::ConfigurationSummary> m_groups;
    QSet<QString> m_tickedKeys;
    QStringList m_metrics;
    QTableWidget *m_table;
    QComboBox *m_cutoff, *m_a, *m_b, *m_metric;
    QLabel *m_test;
    QVBoxLayout *m_chartLayout;
    ChartView *m_chart = nullptr;
};

/// "0.0455 ± 0.0012 [0.0425, 0.0485]", or the single value with one seed.
QString formatSummary(const core::SampleSummary &s);

} // namespace recscope::views
