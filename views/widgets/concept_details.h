// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/sae.h>

#include <QtWidgets/QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableWidget;
class QTreeWidget;

namespace recscope::views {

class ChartView;

/// One latent of a RecSAE probe: its top-activating sequences (items, activation, the model's
/// top-1 recommendation), the activation histogram, the genre of the last item among its top
/// sequences against all sequences, and ablation / steering with the top-K lists before and
/// after side by side.
class ConceptDetails final : public QWidget
{
    Q_OBJECT

public:
    explicit ConceptDetails(QWidget *parent = nullptr);
    void setLab(std::shared_ptr<const core::SaeLab> lab);
    void showConcept(const core::Concept *shown);

    /// Edits the shown latent (or every latent of its concept when "same concept" is ticked)
    /// to factor × its largest activation for the users in the users field — by default the 10
    /// it fires on most (ablation, factor 0) or 10 it is off for (steering) — and shows the
    /// lists. Returns the result (empty rows when nothing was shown).
    core::SteerResult steer(double factor);

    ChartView *histogram() const { return m_histogram; }
    ChartView *enrichment() const { return m_enrichment; }
    QTreeWidget *examples() const { return m_examples; }
    QTableWidget *steerTable() const { return m_steerTable; }
    QCheckBox *sameConcept() const { return m_sameConcept; }

private:
    void showExamples(const core::Concept &c);
    void showCharts(const core::Concept &c);
    void showSteerUser(int row);

    std::shared_ptr<const core::SaeLab> m_lab;
    const core::Concept *m_concept = nullptr;
    core::SteerResult m_steered;
    QLabel *m_title, *m_steerSummary;
    QTreeWidget *m_examples;
    QHBoxLayout *m_charts;
    ChartView *m_histogram = nullptr, *m_enrichment = nullptr;
    QLineEdit *m_users;
    QDoubleSpinBox *m_factor;
    QCheckBox *m_sameConcept;
    QComboBox *m_steerUser;
    QTableWidget *m_steerTable;
    QTabWidget *m_pages;
};

} // namespace recscope::views
