// SPDX-License-Identifier: MIT
#include "views/models/concept_table_model.h"

namespace recscope::views {

void ConceptTableModel::setConcepts(std::vector<core::Concept> concepts)
{
    beginResetModel();
    m_concepts = std::move(concepts);
    endResetModel();
}

const core::Concept *ConceptTableModel::concept_(int row) const
{
    return row >= 0 && row < int(m_concepts.size()) ? &m_concepts[std::size_t(row)] : nullptr;
}

int ConceptTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_concepts.size());
}

int ConceptTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConceptTableModel::data(const QModelIndex &index, int role) const
{
    const auto *c = concept_(index.row());
    if (!c)
        return {};
    const int col = index.column();
    if (role == Qt::UserRole) {
        switch (col) {
        case Latent:
            return c->latent;
        case Label:
            return QString::fromStdString(c->label);
        case Confidence:
            return c->confidence;
        case Precision:
            return c->precision;
        case Recall:
            return c->recall;
        case Frequency:
            return c->frequency;
        case MeanActivation:
            return c->meanActivation;
        }
    }
    if (role == Qt::DisplayRole) {
        switch (col) {
        case Latent:
            return c->latent;
        case Label:
            return QString::fromStdString(c->label);
        case Confidence:
            return QString::number(c->confidence, 'f', 2);
        case Precision:
            return QString::number(c->precision, 'f', 2);
        case Recall:
            return QString::number(c->recall, 'f', 2);
        case Frequency:
            return QString::number(100 * c->frequency, 'f', 2) + QStringLiteral(" %");
        case MeanActivation:
            return QString::number(c->meanActivation, 'f', 3);
        }
    }
    if (role == Qt::TextAlignmentRole && col != Label)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && col == Label)
        return QString::fromStdString(c->label);
    if (role == Qt::ToolTipRole && col == Confidence)
        return tr("Held-out check: %1 of the top-activating sequences fit the label (recall), %2 "
                  "of random inactive ones do not (precision)")
            .arg(c->recall, 0, 'f', 2)
            .arg(c->precision, 0, 'f', 2);
    return {};
}

QVariant ConceptTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    static const char *const names[]
        = {"#", "Concept", "Conf.", "Prec.", "Recall", "Fires", "Mean"};
    static const char *const tips[] = {
        "Latent number",
        "What its top-activating sequences share",
        "Confidence: share of held-out top and random inactive sequences the label predicts right",
        "Precision: share of random inactive sequences the label does not fit",
        "Recall: share of held-out top sequences the label fits",
        "Share of probed sequences on which the latent is active",
        "Mean activation where active"};
    if (role == Qt::DisplayRole)
        return tr(names[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]);
    return {};
}

ConceptFilter::ConceptFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::UserRole);
    setFilterKeyColumn(ConceptTableModel::Label);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void ConceptFilter::setMinimumConfidence(double floor)
{
    m_floor = floor;
    invalidateFilter();
}

void ConceptFilter::setShowUnnamed(bool show)
{
    m_unnamed = show;
    invalidateFilter();
}

bool ConceptFilter::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const auto *model = static_cast<const ConceptTableModel *>(sourceModel());
    const auto *c = model->concept_(row);
    if (!c || (!m_unnamed && c->kind == "none") || c->confidence < m_floor)
        return false;
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

} // namespace recscope::views
