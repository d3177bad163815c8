// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/feedback_loop.h>

#include <QtWidgets/QWidget>

#include <map>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace recscope::views {

class ChartView;

/// The source feedback loop ("Source Echo Chamber"): per-round lines of source bias (Rel%), the
/// AI share of the simulated clicks and accuracy, with and without the black-box debiasing, and
/// the per-round table. Simulating is the main window's job: this view asks and shows.
class FeedbackLoopView final : public QWidget
{
    Q_OBJECT

public:
    explicit FeedbackLoopView(QWidget *parent = nullptr);

    /// Finished ranking runs whose data the loop can use: (run id, label).
    void setRuns(const QList<QPair<qint64, QString>> &runs);
    /// The latest stored loop of every run that has one; shows the picked run's.
    void setReports(std::map<qint64, core::FeedbackLoopReport> reports);
    bool showRun(qint64 runId);
    /// While a loop runs: the progress bar and Cancel replace the Simulate button.
    void setRunning(bool running);
    void setProgress(double fraction, const QString &what);
    void setMessage(const QString &text);
    QString numbersCsv() const;
    bool exportPicture(const QString &file, QString *error = nullptr) const;

    ChartView *biasChart() const { return m_bias; }
    ChartView *clickChart() const { return m_clicks; }
    ChartView *accuracyChart() const { return m_accuracy; }

Q_SIGNALS:
    void loopRequested(qint64 runId, const recscope::core::FeedbackLoopConfig &config);
    void cancelRequested();

private:
    void rebuild(const core::FeedbackLoopReport &r);

    std::map<qint64, core::FeedbackLoopReport> m_reports;
    qint64 m_shown = -1;
    QComboBox *m_run;
    QSpinBox *m_rounds, *m_epochs;
    QCheckBox *m_debias;
    QPushButton *m_start, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_info;
    QGridLayout *m_grid;
    QWidget *m_page; ///< the charts and the table: what Export draws
    QTableWidget *m_table;
    ChartView *m_bias = nullptr, *m_clicks = nullptr, *m_accuracy = nullptr;
};

} // namespace recscope::views
