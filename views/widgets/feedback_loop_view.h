// SPDX-License-Identifier: MIT
#pragma once

#include "views/widgets/analysis_page.h"

#include <recscope/core/feedback_loop.h>

#include <map>

class QCheckBox;
class QSpinBox;

namespace recscope::views {

/// The source feedback loop ("Source Echo Chamber"): per-round lines of source bias (Rel%), the
/// AI share of the simulated clicks and accuracy, with and without the black-box debiasing, and
/// the per-round table. Simulating is the main window's job: this view asks and shows.
class FeedbackLoopView final : public ReportPage<core::FeedbackLoopReport>
{
    Q_OBJECT

public:
    explicit FeedbackLoopView(QWidget *parent = nullptr);

    QString numbersCsv() const override;

    ChartView *biasChart() const { return m_bias; }
    ChartView *clickChart() const { return m_clicks; }
    ChartView *accuracyChart() const { return m_accuracy; }

Q_SIGNALS:
    void loopRequested(qint64 runId, const recscope::core::FeedbackLoopConfig &config);

private:
    void start(qint64 runId) override;
    void rebuild(const core::FeedbackLoopReport &r) override;

    QSpinBox *m_rounds, *m_epochs;
    QCheckBox *m_debias;
    ChartView *m_bias = nullptr, *m_clicks = nullptr, *m_accuracy = nullptr;
};

} // namespace recscope::views
