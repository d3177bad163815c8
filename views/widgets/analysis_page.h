// SPDX-License-Identifier: MIT
#pragma once

#include <QtWidgets/QWidget>

#include <map>

class QComboBox;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace recscope::views {

class ChartView;

/// What the audit lab's long-analysis pages (feedback loop, extraction) share: a run picker,
/// their own settings, a start button that gives way to Cancel and a progress bar while the
/// analysis runs, a message line, and charts beside a table — the part Export draws.
class AnalysisPage : public QWidget
{
    Q_OBJECT

public:
    /// Finished runs the analysis can use: (run id, label).
    void setRuns(const QList<QPair<qint64, QString>> &runs);
    /// Shows a run's stored analysis; false when it has none.
    virtual bool showRun(qint64 runId) = 0;
    /// The shown analysis as CSV (Export's numbers).
    virtual QString numbersCsv() const = 0;
    void setRunning(bool running);
    void setProgress(double fraction, const QString &what);
    void setMessage(const QString &text);
    bool exportPicture(const QString &file, QString *error = nullptr) const;

Q_SIGNALS:
    void cancelRequested();
    /// The user picked a run (selection shared with the other views).
    void runPicked(qint64 runId);

protected:
    struct Texts
    {
        QString objectPrefix; ///< "loop" → loopRun, loopStart, loopCancel, loopInfo, loopTable
        QString runLabel, startText, startTip, notYet; ///< notYet: "%1" is the run id
        QString exportName, exportTitle;
        QStringList tableHeaders;
    };
    AnalysisPage(const Texts &texts, QWidget *parent);
    /// A setting, placed before the start button.
    void addSetting(QWidget *setting);
    /// The picked run, or -1.
    qint64 pickedRun() const;
    /// Selects a run in the picker without signals.
    void selectRun(qint64 runId);
    void place(ChartView *&slot, ChartView *fresh, int row, int column);
    /// Replaces the table's rows.
    void fillTable(const QList<QStringList> &rows);
    /// The start button was pressed with a run picked.
    virtual void start(qint64 runId) = 0;

private:
    Texts m_texts;
    QComboBox *m_run;
    QPushButton *m_start, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_info;
    QHBoxLayout *m_bar;
    QGridLayout *m_grid;
    QWidget *m_page;
    QTableWidget *m_table;
};

/// A page that keeps the latest stored report of every run (Report: FeedbackLoopReport,
/// ExtractionReport) and shows the picked run's; subclasses draw one report in rebuild().
template<class Report>
class ReportPage : public AnalysisPage
{
public:
    using AnalysisPage::AnalysisPage;

    /// Keeps showing the shown run when it is still there, else the newest.
    void setReports(std::map<qint64, Report> reports)
    {
        m_reports = std::move(reports);
        if (!showRun(m_shown) && !m_reports.empty())
            showRun(m_reports.rbegin()->first);
    }

    bool showRun(qint64 runId) override
    {
        if (!m_reports.count(runId))
            return false;
        m_shown = runId;
        selectRun(runId);
        rebuild(m_reports.at(runId));
        return true;
    }

protected:
    virtual void rebuild(const Report &report) = 0;
    /// The shown report, or null.
    const Report *shown() const
    {
        return m_reports.count(m_shown) ? &m_reports.at(m_shown) : nullptr;
    }

private:
    std::map<qint64, Report> m_reports;
    qint64 m_shown = -1;
};

} // namespace recscope::views
