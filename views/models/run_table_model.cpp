// SPDX-License-Identifier: MIT
#include "views/models/run_table_model.h"

#include "views/charts/chart_builders.h"
#include "views/widgets/view_helpers.h"

#include <QtGui/QColor>
#include <QtGui/QFont>

#include <cmath>
#include <set>

namespace recscope::views {

RunTableModel::RunTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RunTableModel::setRuns(std::vector<RunSnapshot> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    std::set<std::string> names;
    for (const auto &r : m_runs)
        for (const auto &[name, _] : r.test)
            if (name != "users")
                names.insert(name);
    m_metrics.clear();
    for (const auto &n : names)
        m_metrics.append(QString::fromStdString(n));
    QSet<qint64> alive;
    for (const auto &r : m_runs)
        if (m_checked.contains(r.run.id))
            alive.insert(r.run.id);
    m_checked = alive;
    m_best.clear();
    for (int c = 0; c < m_metrics.size(); ++c) {
        int best = -1;
        const bool lower = lowerIsBetter(m_metrics[c]);
        for (int r = 0; r < int(m_runs.size()); ++r) {
            const double v = metric(r, kFixedColumns + c);
            if (std::isnan(v))
                continue;
            if (best < 0
                || (lower ? v < metric(best, kFixedColumns + c)
                          : v > metric(best, kFixedColumns + c)))
                best = r;
        }
        m_best.append(best);
    }
    endResetModel();
}

double RunTableModel::metric(int row, int column) const
{
    const auto &t = m_runs[std::size_t(row)].test;
    auto it = t.find(m_metrics[column - kFixedColumns].toStdString());
    return it == t.end() ? std::nan("") : it->second;
}

std::vector<const RunSnapshot *> RunTableModel::checkedRuns() const
{
    std::vector<const RunSnapshot *> out;
    for (const auto &r : m_runs)
        if (m_checked.contains(r.run.id))
            out.push_back(&r);
    return out;
}

void RunTableModel::setChecked(qint64 runId, bool on)
{
    for (int r = 0; r < int(m_runs.size()); ++r)
        if (m_runs[std::size_t(r)].run.id == runId)
            setData(index(r, 0), on ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

int RunTableModel::bestRow(int column) const
{
    return column >= kFixedColumns && column - kFixedColumns < m_best.size()
               ? m_best[column - kFixedColumns]
               : -1;
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kFixedColumns + int(m_metrics.size());
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto &s = m_runs[std::size_t(index.row())];
    const int c = index.column();
    if (role == RunIdRole)
        return qint64(s.run.id);
    if (role == Qt::DecorationRole && c == 0)
        return runSwatch(s.run.id); // the colour the run has in every chart
    if (role == Qt::CheckStateRole && c == 0)
        return m_checked.contains(s.run.id) ? Qt::Checked : Qt::Unchecked;
    // Ties share the mark.
    const bool best = m_runs.size() > 1 && bestRow(c) >= 0 && c >= kFixedColumns
                      && metric(index.row(), c) == metric(bestRow(c), c);
    if (role == Qt::FontRole && best) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::BackgroundRole && best)
        return QColor(76, 175, 80, 60);
    if (role == Qt::ToolTipRole && best)
        return lowerIsBetter(m_metrics[c - kFixedColumns]) ? tr("best (lowest) in this column")
                                                           : tr("best (highest) in this column");
    if (role == Qt::TextAlignmentRole && c >= 3)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (c) {
    case 0:
        return role == SortRole ? QVariant(qint64(s.run.id))
                                : QVariant(QStringLiteral("#%1").arg(s.run.id));
    case 1:
        return runLabel(s.run);
    case 2:
        return runStatusText(s.run.status);
    case 3:
        return s.run.epochs;
    case 4:
        return role == SortRole ? QVariant(s.run.trainSeconds)
                                : QVariant(QString::number(s.run.trainSeconds, 'f', 1));
    default: {
        const double v = metric(index.row(), c);
        if (std::isnan(v))
            return role == SortRole ? QVariant(-1e300) : QVariant(QStringLiteral("–"));
        return role == SortRole ? QVariant(v) : QVariant(QString::number(v, 'f', 4));
    }
    }
}

bool RunTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != 0)
        return false;
    const qint64 id = m_runs[std::size_t(index.row())].run.id;
    if (value.toInt() == Qt::Checked)
        m_checked.insert(id);
    else
        m_checked.remove(id);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

Qt::ItemFlags RunTableModel::flags(const QModelIndex &index) const
{
    auto f = QAbstractTableModel::flags(index);
    return index.column() == 0 ? f | Qt::ItemIsUserCheckable : f;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList fixed{tr("Run"),
                                   tr("Model"),
                                   tr("Status"),
                                   tr("Epochs"),
                                   tr("Train s")};
    return section < kFixedColumns ? fixed[section] : m_metrics.value(section - kFixedColumns);
}

QString RunTableModel::toCsv() const
{
    QStringList header{QStringLiteral("run_id"),
                       QStringLiteral("label"),
                       QStringLiteral("model"),
                       QStringLiteral("status"),
                       QStringLiteral("epochs"),
                       QStringLiteral("train_seconds")};
    header += m_metrics;
    for (auto &h : header)
        h = csvField(h); // metric names come from plugins
    QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < int(m_runs.size()); ++r) {
        const auto &s = m_runs[std::size_t(r)].run;
        QStringList row{QString::number(s.id),
                        csvField(QString::fromStdString(s.label)),
                        csvField(QString::fromStdString(s.model)),
                        csvField(runStatusText(s.status)),
                        QString::number(s.epochs),
                        QString::number(s.trainSeconds, 'g', 10)};
        for (int c = 0; c < m_metrics.size(); ++c) {
            const double v = metric(r, kFixedColumns + c);
            row.append(std::isnan(v) ? QString() : QString::number(v, 'g', 10));
        }
        out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

} // namespace recscope::views
