// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/audit.h>

#include <QtWidgets/QWidget>

#include <map>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace recscope::views {

class ChartView;

/// One poisoned (or clean) run for the robustness view: its model, the spec's attack and the
/// targets' hit rate.
struct RobustnessPoint
{
    qint64 runId = 0;
    QString model;            ///< the run's label
    QString attack;           ///< none, random, bandwagon, popular, average, dp
    double fakeShare = 0;     ///< fake users / real users
    double targetHitRate = 0; ///< T-HR@50
    double accuracy = 0;      ///< NDCG@10 (or the first accuracy metric) on real users
};

/// The audit lab's fairness and bias views over the stored audits of a project. Fairness: the
/// chosen metric per user group with bootstrap intervals for every audited run side by side,
/// the best − worst gap per run, and accuracy against the attribute attacker's accuracy as a
/// scatter of runs. Popularity bias: the Lorenz curve of exposure with both Ginis, exposure
/// against training popularity (the long tail), head/tail and source shares, the metric table.
/// Genres: exposure and hit share per genre against its catalogue share.
class AuditView final : public QWidget
{
    Q_OBJECT

public:
    explicit AuditView(QWidget *parent = nullptr);

    /// Finished ranking runs that can be audited (saved weights): (run id, label).
    void setRuns(const QList<QPair<qint64, QString>> &runs);
    /// The latest stored audit of every audited run, by run id; shows the picked run's.
    void setReports(std::map<qint64, core::AuditReport> reports);
    void setMessage(const QString &text);
    /// While an audit runs: a busy bar and Cancel replace the Audit button.
    void setRunning(bool running);
    /// Runs of experiments with an "attack" section (kind none included).
    void setRobustness(const QList<RobustnessPoint> &points);
    /// Shows a run's latest audit (false when it has none).
    bool showRun(qint64 runId);
    QString numbersCsv() const;
    bool exportPicture(const QString &file, QString *error = nullptr) const;

    ChartView *groupChart() const { return m_groups; }
    ChartView *gapChart() const { return m_gaps; }
    ChartView *tradeoffChart() const { return m_tradeoff; }
    ChartView *lorenzChart() const { return m_lorenz; }
    ChartView *tailChart() const { return m_tail; }
    QComboBox *metricPicker() const { return m_metric; }
    ChartView *attackChart() const { return m_attacks; }
    ChartView *defenceChart() const { return m_defences; }

Q_SIGNALS:
    void auditRequested(qint64 runId, const recscope::core::AuditConfig &config);
    void cancelRequested();
    /// The user picked a run (selection shared with the other views).
    void runPicked(qint64 runId);

private:
    void rebuild();
    void showFairness(const core::AuditReport &r);
    void showBias(const core::AuditReport &r);
    void place(ChartView *&slot,
               ChartView *fresh,
               QGridLayout *grid,
               int row,
               int column,
               int columnSpan = 1);

    std::map<qint64, core::AuditReport> m_reports;
    qint64 m_shown = -1;
    QComboBox *m_run, *m_metric;
    QLineEdit *m_attribute;
    QSpinBox *m_k;
    QLabel *m_info;
    QPushButton *m_start, *m_cancel;
    QProgressBar *m_busy;
    QTabWidget *m_tabs;
    QGridLayout *m_fairGrid, *m_biasGrid, *m_genreGrid, *m_robustGrid;
    QTableWidget *m_biasTable, *m_fairTable;
    ChartView *m_groups = nullptr, *m_gaps = nullptr, *m_tradeoff = nullptr;
    ChartView *m_lorenz = nullptr, *m_tail = nullptr, *m_shares = nullptr, *m_genres = nullptr;
    ChartView *m_attacks = nullptr, *m_defences = nullptr;
};

} // namespace recscope::views
