// SPDX-License-Identifier: MIT
#pragma once

#include "dataset_loader.h"
#include "inspector_loader.h"

#include <recscope/core/audit.h>
#include <recscope/core/experiment.h>
#include <recscope/core/extraction.h>
#include <recscope/core/plugins.h>
#include <recscope/core/sae.h>

#include <QtCore/QSet>
#include <QtWidgets/QMainWindow>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

class QLabel;
class QProgressBar;
class QTabWidget;
class QTableWidget;

namespace recscope::core {
struct RunRecord;
class Registry;
class ProjectStore;
} // namespace recscope::core

namespace recscope::views {
class AttentionInspector;
class AuditView;
class BackgroundTask;
class CompareView;
class ExtractionView;
class FeedbackLoopView;
class ReportDialog;
struct RobustnessPoint;
struct RunSnapshot;
class ConceptBrowser;
class DatasetOverview;
class ExperimentEditor;
class RunDashboard;
} // namespace recscope::views

namespace recscope::app {

class JobController;
class ProjectDocument;
class ProjectTree;

/// Assembles the workbench: the project tree and job docks, the dataset, experiment, training
/// and compare tabs, menus and shortcuts. The work happens in the controllers and views.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const core::Registry &registry, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a spec with its project database (default: next to the spec, SPEC.recscope.db).
    bool openProject(const QString &specFile, const QString &database = {});
    bool saveProject(const QString &specFile);

    views::DatasetOverview *datasetView() const { return m_dataset; }
    views::ExperimentEditor *experimentView() const { return m_editor; }
    views::RunDashboard *dashboard() const { return m_dashboard; }
    views::CompareView *compareView() const { return m_compare; }
    views::AttentionInspector *inspectorView() const { return m_inspector; }
    views::ConceptBrowser *conceptView() const { return m_concepts; }
    views::AuditView *auditView() const { return m_audit; }
    views::FeedbackLoopView *loopView() const { return m_loop; }
    views::ExtractionView *extractionView() const { return m_extraction; }
    /// The Audit tab's pages: fairness and bias, feedback loop, extraction.
    QTabWidget *auditLab() const { return m_auditLab; }
    JobController *jobs() const;
    /// The open project: spec, database, jobs, undo stack, selected run.
    ProjectDocument *document() const { return m_doc; }
    QTabWidget *tabs() const { return m_tabs; }
    const std::filesystem::path &database() const;
    /// What the plugin loader found at start-up (Help ▸ Plugins); refusals go to the status bar.
    void setPlugins(std::vector<core::PluginRecord> plugins,
                    std::vector<std::filesystem::path> searchPath);
    void showPlugins();

public Q_SLOTS:
    void train();
    void cancelRunning();
    /// Queues the continuation of a stopped run from its checkpoint.
    void resumeRun(qint64 runId);
    /// Queues the continuation of a cancelled or interrupted sweep.
    void resumeSweep(qint64 sweepId);
    /// Shows a run's curves in the dashboard, read from the database when it was not trained
    /// in this session.
    void openRunCurves(qint64 runId);
    /// Opens a run in the attention inspector (loads off the GUI thread).
    void inspectRun(qint64 runId);
    /// Opens a RecSAE probe in the concept browser (loads off the GUI thread).
    void openProbe(qint64 saeRunId);
    /// Queues a RecSAE probe of a trained sequential run; it opens in the browser when done.
    void startProbe(qint64 modelRunId, const core::SaeConfig &config);
    /// Audits a run off the GUI thread (cancellable); the report is stored and shown in the Audit
    /// tab.
    void auditRun(qint64 runId, const core::AuditConfig &config);
    /// Reads the latest audit of every audited run into the Audit tab.
    void reloadAudits();
    /// Simulates the source feedback loop on a run's data off the GUI thread (progress, cancel).
    void simulateLoop(qint64 runId, const core::FeedbackLoopConfig &config);
    /// Extracts a sequential run as a black box off the GUI thread (progress, cancel).
    void extractRun(qint64 runId, const core::ExtractionConfig &config);
    /// Reads the latest feedback loop and extraction of every run into their pages.
    void reloadSimulations();
    /// The report builder over the project's finished runs (File ▸ Export report); returns it
    /// shown and previewing, or nullptr without a project.
    views::ReportDialog *openReport();
    /// Deletes a stopped or finished run: hidden at once (Edit ▸ Undo shows it again), its rows
    /// and checkpoint removed when the project is saved or closed.
    bool deleteRun(qint64 runId);
    void reloadRuns();
    /// Picks up what other processes wrote to the project (polled every two seconds).
    void pickUpOtherWriters();
    void loadDataset();
    void importDataset(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createFileMenu();
    void createRunViewHelpMenus();
    void createDocks();
    void setDatabase(const std::filesystem::path &file);
    void connectJobs();
    void connectDocument();
    /// Every view shows the run the document has selected.
    void showSelectedRun(qint64 runId);
    /// The stored runs less those deleted in this session.
    std::vector<views::RunSnapshot> visibleRuns() const;
    void connectSimulations();
    /// Runs work on a task, showing it on a page (running state, message); done runs after success.
    template<class View>
    void runAnalysis(
        views::BackgroundTask *task,
        View *view,
        qint64 runId,
        const QString &what,
        std::function<void(core::ProjectStore &, std::stop_token, const core::AnalysisProgress &)>
            work,
        std::function<void()> done);
    void showLoaded(const LoadedDataset &loaded);
    /// Curves and progress of a run another process is training, read from the database.
    void showRunningElsewhere(const core::RunRecord &run);
    void updateJobsTable();
    bool isResumable(qint64 runId) const;
    QList<views::RobustnessPoint>
    robustnessPoints(const std::vector<views::RunSnapshot> &runs) const;
    void addRecent(const QString &file);
    void rebuildRecentMenu();
    void newProject();
    void showAbout();
    void showKernels();
    void applyPalette(bool dark);
    bool confirmDiscard();

    const core::Registry &m_registry;
    std::vector<core::PluginRecord> m_plugins;
    std::vector<std::filesystem::path> m_pluginPath;
    ProjectDocument *m_doc;
    DatasetLoader m_loader;
    InspectorLoader m_inspectorLoader, m_conceptLoader;
    std::string m_listing;       ///< the store's listing fingerprint when the runs were last read
    QSet<qint64> m_trainingHere; ///< runs this window's jobs are training
    QSet<qint64> m_runningElsewhere;   ///< runs shown while another process trains them
    QHash<qint64, int> m_analysedRuns; ///< runs audits, loops, extractions read: how many each

    QTabWidget *m_tabs;
    views::DatasetOverview *m_dataset;
    views::ExperimentEditor *m_editor;
    views::RunDashboard *m_dashboard;
    views::CompareView *m_compare;
    views::AttentionInspector *m_inspector;
    views::ConceptBrowser *m_concepts;
    views::AuditView *m_audit;
    views::FeedbackLoopView *m_loop;
    views::ExtractionView *m_extraction;
    QTabWidget *m_auditLab;
    views::BackgroundTask *m_auditTask, *m_loopTask, *m_extractionTask;
    bool m_openProbeWhenDone = false;
    ProjectTree *m_tree;
    QTableWidget *m_jobTable;
    QLabel *m_statusText;
    QProgressBar *m_busy;
    QMenu *m_recentMenu = nullptr;
};

} // namespace recscope::app
