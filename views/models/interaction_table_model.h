// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractTableModel>

#include <memory>
#include <vector>

namespace recscope::core {
struct Dataset;
}

namespace recscope::views {

/// The interaction rows of a dataset, read straight from its columns: ten million rows cost
/// nothing until they are scrolled into view.
class InteractionTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        User,
        Item,
        Title,
        Time,
        Value,
        Feedback,
        ColumnCount
    };

    explicit InteractionTableModel(QObject *parent = nullptr);
    ~InteractionTableModel() override;

    void setDataset(std::shared_ptr<const core::Dataset> data);

    /// Shows only the rows of one user or one item, by its ID as the dataset spells it; an empty
    /// ID shows every row. Returns the matching row count, or -1 when no such ID exists (the
    /// filter is then unchanged). The vertical header keeps the dataset's own row numbers.
    int filterByUser(const QString &id);
    int filterByItem(const QString &id);
    bool filtered() const { return m_filtered; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int filterBy(const QString &id, bool user);
    std::size_t rowAt(int row) const
    {
        return m_filtered ? std::size_t(m_rows[std::size_t(row)]) : std::size_t(row);
    }

    std::shared_ptr<const core::Dataset> m_data;
    bool m_filtered = false;
    std::vector<std::int64_t> m_rows; ///< dataset rows shown when filtered
};

} // namespace recscope::views
