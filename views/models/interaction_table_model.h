// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractTableModel>

#include <memory>

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
    enum Column { User, Item, Title, Time, Value, Feedback, ColumnCount };

    explicit InteractionTableModel(QObject *parent = nullptr);
    ~InteractionTableModel() override;

    void setDataset(std::shared_ptr<const core::Dataset> data);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const core::Dataset> m_data;
};

} // namespace recscope::views
