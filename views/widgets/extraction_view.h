// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/extraction.h>

#include <QtWidgets/QWidget>

#include <map>

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace recscope::views {

class ChartView;

/// Few-shot model extraction of a sequential run: Agreement@10 against the query budget per
/// variant (few-shot, augmented, augmented + repair), Agreement@K at the largest budget, the
/// surrogates' own NDCG@10 against the victim's, and the numbers per surrogate.
class ExtractionView final : public QWidget
{
    Q_OBJECT

public:
    explicit ExtractionView(QWidget *parent = nullptr);

    /// Finished sequential ranking runs with saved weights: (run id, label).
    void setRuns(const QList<QPair<qint64, QString>> &runs);
    void setReports(std::map<qint64, core::ExtractionReport> reports);
    bool showRun(qint64 runId);
    void setRunning(bool running);
    void setProgress(double fraction, const QString &what);
    void setMessage(const QString &text);
    QString numbersCsv() const;
    bool exportPicture(const QString &file, QString *error = nullptr) const;

    ChartView *budgetChart() const { return m_budget; }
    ChartView *cutoffChart() const { return m_cutoffs; }
    ChartView *accuracyChart() const { return m_accuracy; }

Q_SIGNALS:
    void extractionRequested(qint64 runId, const recscope::core::ExtractionConfig &config);
    void cancelRequested();

private:
    void rebuild(const core::ExtractionReport &r);

    std::map<qint64, core::ExtractionReport> m_reports;
    qint64 m_shown = -1;
    QComboBox *m_run;
    QDoubleSpinBox *m_share;
    QLineEdit *m_budgets;
    QSpinBox *m_epochs;
    QPushButton *m_start, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_info;
    QGridLayout *m_grid;
    QWidget *m_page;
    QTableWidget *m_table;
    ChartView *m_budget = nullptr, *m_cutoffs = nullptr, *m_accuracy = nullptr;
};

} // namespace recscope::views
