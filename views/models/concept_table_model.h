// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/sae.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QSortFilterProxyModel>

#include <vector>

namespace recscope::views {

/// A probe's latents as rows: latent, label, confidence, precision, recall, frequency, mean
/// activation. Qt::UserRole holds the number to sort by.
class ConceptTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Latent,
        Label,
        Confidence,
        Precision,
        Recall,
        Frequency,
        MeanActivation,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    void setConcepts(std::vector<core::Concept> concepts);
    const core::Concept *concept_(int row) const;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<core::Concept> m_concepts;
};

/// Filters by label text (case-insensitive) and, optionally, a confidence floor; named latents
/// only unless showUnnamed.
class ConceptFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ConceptFilter(QObject *parent = nullptr);
    void setMinimumConfidence(double floor);
    void setShowUnnamed(bool show);

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    double m_floor = 0;
    bool m_unnamed = false;
};

} // namespace recscope::views
