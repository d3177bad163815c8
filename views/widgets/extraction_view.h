// SPDX-License-Identifier: MIT
#pragma once

#include "views/widgets/analysis_page.h"

#include <recscope/core/extraction.h>

#include <map>

class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace recscope::views {

/// Few-shot model extraction of a sequential run: Agreement@10 against the query budget per
/// variant (few-shot, augmented, augmented + repair), Agreement@K at the largest budget, the
/// surrogates' own NDCG@10 against the victim's, and the numbers per surrogate.
class ExtractionView final : public ReportPage<core::ExtractionReport>
{
    Q_OBJECT

public:
    explicit ExtractionView(QWidget *parent = nullptr);

    QString numbersCsv() const override;

    ChartView *budgetChart() const { return m_budget; }
    ChartView *cutoffChart() const { return m_cutoffs; }
    ChartView *accuracyChart() const { return m_accuracy; }

Q_SIGNALS:
    void extractionRequested(qint64 runId, const recscope::core::ExtractionConfig &config);

private:
    void start(qint64 runId) override;
    void rebuild(const core::ExtractionReport &r) override;

    QDoubleSpinBox *m_share;
    QLineEdit *m_budgets;
    QSpinBox *m_epochs;
    ChartView *m_budget = nullptr, *m_cutoffs = nullptr, *m_accuracy = nullptr;
};

} // namespace recscope::views
