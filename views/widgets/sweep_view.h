// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_groups.h>
#include <recscope/core/run_observer.h>

#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace recscope::views {

class ChartView;

/// A hyper-parameter sweep: its trials (swept values, validation mean ± std over seeds, runs
/// done), the selection and the selected configuration's test result; a chart of a swept
/// parameter against the validation metric and one of the best value so far over trials; the
/// live progress of a running sweep, and Resume for a stopped one.
class SweepView final : public QWidget
{
    Q_OBJECT

public:
    explicit SweepView(QWidget *parent = nullptr);

    void setSweeps(std::vector<core::SweepSummary> sweeps);
    /// A running sweep's progress (from the job's events).
    void setProgress(const core::SweepProgress &progress);
    void showSweep(qint64 sweepId);

    QComboBox *sweepBox() const { return m_sweep; }
    QComboBox *parameterBox() const { return m_param; }
    QTableWidget *trials() const { return m_trials; }
    ChartView *parameterChart() const { return m_paramChart; }
    ChartView *progressChart() const { return m_progressChart; }
    QLabel *summary() const { return m_summary; }
    QPushButton *resumeButton() const { return m_resume; }

Q_SIGNALS:
    void resumeRequested(qint64 sweepId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    const core::SweepSummary *current() const;
    void showCurrent();
    void rebuildParameterChart();
    void rebuildProgressChart();

    std::vector<core::SweepSummary> m_sweeps;
    QComboBox *m_sweep, *m_param;
    QProgressBar *m_progress;
    QPushButton *m_resume;
    QLabel *m_summary;
    QTableWidget *m_trials;
    QVBoxLayout *m_paramLayout, *m_progressLayout;
    ChartView *m_paramChart = nullptr, *m_progressChart = nullptr;
    bool m_dirty = true; ///< the sweeps changed while the page was hidden
};

} // namespace recscope::views
