// SPDX-License-Identifier: MIT
#include "views/models/interaction_table_model.h"

#include <recscope/core/dataset.h>

#include <QtCore/QDateTime>

#include <algorithm>
#include <limits>

namespace recscope::views {

InteractionTableModel::InteractionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

InteractionTableModel::~InteractionTableModel() = default;

void InteractionTableModel::setDataset(std::shared_ptr<const core::Dataset> data)
{
    beginResetModel();
    m_data = std::move(data);
    m_filtered = false;
    m_rows.clear();
    endResetModel();
}

int InteractionTableModel::filterByUser(const QString &id)
{
    return filterBy(id, true);
}

int InteractionTableModel::filterByItem(const QString &id)
{
    return filterBy(id, false);
}

int InteractionTableModel::filterBy(const QString &id, bool user)
{
    if (!m_data)
        return -1;
    if (id.isEmpty()) {
        beginResetModel();
        m_filtered = false;
        m_rows.clear();
        endResetModel();
        return rowCount();
    }
    const auto &ids = user ? m_data->userIds : m_data->itemIds;
    const auto found = std::find(ids.begin(), ids.end(), id.toStdString());
    if (found == ids.end())
        return -1;
    // One pass over the column: about 10 ms for 10M rows, so no index is kept.
    const auto wanted = std::int32_t(found - ids.begin());
    const auto &column = user ? m_data->user : m_data->item;
    std::vector<std::int64_t> rows;
    for (std::size_t r = 0; r < column.size(); ++r)
        if (column[r] == wanted)
            rows.push_back(std::int64_t(r));
    beginResetModel();
    m_filtered = true;
    m_rows = std::move(rows);
    endResetModel();
    return int(m_rows.size());
}

int InteractionTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_data)
        return 0;
    // QAbstractItemView counts rows in int; 2^31 rows is far beyond what fits in memory here.
    return int(std::min<std::size_t>(m_filtered ? m_rows.size() : m_data->numInteractions(),
                                     std::numeric_limits<int>::max()));
}

int InteractionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InteractionTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_data || !index.isValid() || (role != Qt::DisplayRole && role != Qt::TextAlignmentRole))
        return {};
    const auto r = rowAt(index.row());
    const auto &d = *m_data;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Value ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    switch (index.column()) {
    case User:
        return QString::fromStdString(d.userIds[std::size_t(d.user[r])]);
    case Item:
        return QString::fromStdString(d.itemIds[std::size_t(d.item[r])]);
    case Title: {
        const auto i = std::size_t(d.item[r]);
        return i < d.itemTitles.size() ? QString::fromStdString(d.itemTitles[i]) : QString();
    }
    case Time:
        return d.hasTime ? QDateTime::fromSecsSinceEpoch(d.time[r], Qt::UTC).toString(Qt::ISODate)
                         : QString::number(d.time[r]);
    case Value:
        return double(d.value[r]);
    case Feedback:
        return d.feedback.empty()
                   ? QString()
                   : QString::fromStdString(d.feedbackLevels[std::size_t(d.feedback[r])]);
    }
    return {};
}

QVariant InteractionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical) {
        if (m_filtered && std::size_t(section) >= m_rows.size())
            return {};
        return qlonglong(rowAt(section) + 1);
    }
    switch (section) {
    case User:
        return tr("User");
    case Item:
        return tr("Item");
    case Title:
        return tr("Title");
    case Time:
        return m_data && !m_data->hasTime ? tr("Order") : tr("Time (UTC)");
    case Value:
        return m_data && m_data->hasRating ? tr("Rating") : tr("Value");
    case Feedback:
        return tr("Feedback");
    }
    return {};
}

} // namespace recscope::views
