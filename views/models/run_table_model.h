// SPDX-License-Identifier: MIT
#pragma once

#include "views/models/run_snapshot.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QSet>

namespace recscope::views {

/// Runs as rows, test metrics as columns, the best value of each metric column in bold with a
/// tint; a check box per run selects it for the compare charts.
class RunTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        SortRole
    };
    static constexpr int kFixedColumns = 5; // run, model, status, epochs, train s

    explicit RunTableModel(QObject *parent = nullptr);

    void setRuns(std::vector<RunSnapshot> runs);
    const std::vector<RunSnapshot> &runs() const { return m_runs; }
    QStringList metricColumns() const { return m_metrics; }
    std::vector<const RunSnapshot *> checkedRuns() const;
    void setChecked(qint64 runId, bool on);
    /// Row whose value in column is the best, or -1.
    int bestRow(int column) const;
    /// The table as CSV (all rows, all columns, full precision).
    QString toCsv() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checkedChanged();

private:
    double metric(int row, int column) const;

    std::vector<RunSnapshot> m_runs;
    QStringList m_metrics;
    QSet<qint64> m_checked;
    QList<int> m_best; ///< per metric column
};

} // namespace recscope::views
