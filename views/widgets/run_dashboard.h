// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_observer.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtWidgets/QWidget>

#include <map>
#include <vector>

class QComboBox;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace recscope::views {

class ChartView;

/// The live view of training runs: loss and validation curves per epoch, a progress bar with
/// speed and ETA, the device and the log. It only receives events (slots); the app feeds it
/// from the job controller in batches.
class RunDashboard final : public QWidget
{
    Q_OBJECT

public:
    explicit RunDashboard(QWidget *parent = nullptr);

    ChartView *lossChart() const { return m_loss; }
    ChartView *validChart() const { return m_valid; }
    qint64 shownRun() const { return m_shown; }
    /// Points currently plotted in all series of both charts.
    int plottedPoints() const;
    bool hasRun(qint64 runId) const { return m_data.contains(runId); }
    /// The last epoch with curves of a run, -1 for a run it does not have.
    int lastEpoch(qint64 runId) const { return m_data.contains(runId) ? m_data[runId].epoch : -1; }

    /// Shows a run from the project database: its stored curves replace what the dashboard had.
    /// announce: say so in the log (not for the periodic refresh of a run trained elsewhere);
    /// where: shown after the status ("in another process"), and such a run cannot be cancelled
    /// here.
    void loadRun(qint64 runId,
                 const QString &label,
                 const QString &device,
                 core::RunStatus status,
                 const std::vector<core::MetricSample> &samples,
                 bool announce = true,
                 const QString &where = {});
    /// The line above the charts: the shown run, its device, status, epoch and speed.
    QString statusText() const;
    /// Whether the Resume button applies to this run (it is stopped and has a checkpoint).
    void setResumable(qint64 runId, bool resumable);
    /// Forgets a deleted run.
    void removeRun(qint64 runId);

Q_SIGNALS:
    void resumeRequested(qint64 runId);
    void cancelRequested(qint64 runId);

public Q_SLOTS:
    void beginRun(qint64 runId, const QString &label, const QString &device);
    void addSamples(qint64 runId, const std::vector<core::MetricSample> &samples);
    void setProgress(qint64 runId, double fraction, const QString &what);
    void appendLog(const QString &line);
    void endRun(qint64 runId, const core::RunSummary &summary);
    void showRun(qint64 runId);

private:
    struct RunCurves
    {
        QString label, device;
        core::RunStatus status = core::RunStatus::Running;
        QString where; ///< who trains it, when not this window
        QString statusText() const;
        std::map<QString, QList<QPointF>> curves; ///< "train/loss" → (epoch, value)
        QElapsedTimer clock;
        double fraction = 0;
        double startFraction = -1; ///< progress when this session started it (a resume starts late)
        int epoch = 0, startEpoch = 0;
        bool resumable = false;
    };
    RunCurves &entry(qint64 runId, const QString &label);
    bool plotted(const QString &name) const;
    bool updateValidChoices(); ///< true when the choices changed
    void updateButtons();
    void rebuildSeries();
    QLineSeries *seriesFor(const QString &name);
    void updateStatus();

    QComboBox *m_runs;
    QLabel *m_status;
    QProgressBar *m_progress;
    QComboBox *m_validChoice;
    QPushButton *m_cancel, *m_resume;
    ChartView *m_loss;
    ChartView *m_valid;
    QPlainTextEdit *m_log;
    QHash<qint64, RunCurves> m_data;
    QHash<QString, QLineSeries *> m_series;
    qint64 m_shown = -1;
};

} // namespace recscope::views
