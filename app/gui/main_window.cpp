// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "job_controller.h"
#include "project_document.h"
#include "project_tree.h"
#include "settings.h"
#include "views/dialogs/csv_mapping_dialog.h"
#include "views/dialogs/synthetic_dialog.h"
#include "views/models/run_table_model.h"
#include "views/soft_assert.h"
#include "views/tasks/background_task.h"
#include "views/widgets/attention_inspector.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/concept_browser.h"
#include "views/widgets/dataset_overview.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/extraction_view.h"
#include "views/widgets/feedback_loop_view.h"
#include "views/widgets/run_dashboard.h"
#include "views/widgets/sweep_view.h"

#include <recscope/core/compute.h>
#include <recscope/core/error.h>
#include <recscope/core/loaders.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::app {

MainWindow::MainWindow(const core::Registry &registry, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
    , m_doc(new ProjectDocument(registry, this))
    , m_inspectorLoader(registry, InspectorLoader::Kind::Attention)
    , m_conceptLoader(registry, InspectorLoader::Kind::Concepts)
    , m_tabs(new QTabWidget)
    , m_dataset(new views::DatasetOverview)
    , m_editor(new views::ExperimentEditor(registry))
    , m_dashboard(new views::RunDashboard)
    , m_compare(new views::CompareView)
    , m_inspector(new views::AttentionInspector)
    , m_concepts(new views::ConceptBrowser)
    , m_audit(new views::AuditView)
    , m_loop(new views::FeedbackLoopView)
    , m_extraction(new views::ExtractionView)
    , m_auditLab(new QTabWidget)
    , m_auditTask(new views::BackgroundTask(this))
    , m_loopTask(new views::BackgroundTask(this))
    , m_extractionTask(new views::BackgroundTask(this))
    , m_tree(new ProjectTree)
    , m_jobTable(new QTableWidget(0, 3))
    , m_statusText(new QLabel)
    , m_busy(new QProgressBar)
{
    setWindowTitle(tr("RecScope[*]"));
    setAcceptDrops(true);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_dataset, tr("&Dataset"));
    m_tabs->addTab(m_editor, tr("&Experiment"));
    m_tabs->addTab(m_dashboard, tr("&Training"));
    m_tabs->addTab(m_compare, tr("&Compare"));
    m_tabs->addTab(m_inspector, tr("&Attention"));
    m_tabs->addTab(m_concepts, tr("Co&ncepts"));
    m_auditLab->setObjectName(QStringLiteral("auditLab"));
    m_auditLab->addTab(m_audit, tr("Fairness and bias"));
    m_auditLab->addTab(m_loop, tr("Feedback loop"));
    m_auditLab->addTab(m_extraction, tr("Extraction"));
    m_tabs->addTab(m_auditLab, tr("A&udit"));
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(160);
    m_busy->hide();
    // Permanent widgets: temporary messages (showMessage) appear beside them, never on top.
    statusBar()->addPermanentWidget(m_statusText);
    statusBar()->addPermanentWidget(m_busy);
    createDocks();
    createActions();
    connectDocument();
    auto *watch = new QTimer(this); // another process may write to the project while it is open
    watch->setInterval(2000);
    connect(watch, &QTimer::timeout, this, &MainWindow::pickUpOtherWriters);
    watch->start();
    connect(&m_loader, &DatasetLoader::started, this, [this](const QString &what) {
        m_statusText->setText(what);
        m_busy->show();
    });
    connect(&m_loader, &DatasetLoader::loaded, this, &MainWindow::showLoaded);
    connect(m_editor, &views::ExperimentEditor::edited, this, [this] {
        std::optional<core::ExperimentSpec> spec;
        try {
            spec = m_editor->spec();
        } catch (const std::exception &) { // half-typed: modified; undo reverts the last valid edit
        }
        m_doc->recordEdit(std::move(spec));
    });
    connect(m_tree, &ProjectTree::datasetActivated, this, [this] {
        m_tabs->setCurrentWidget(m_dataset);
    });
    connect(m_tree, &ProjectTree::experimentActivated, this, [this] {
        m_tabs->setCurrentWidget(m_editor);
    });
    connect(m_tree, &ProjectTree::runActivated, this, [this](qint64 id) {
        openRunCurves(id);
        m_compare->model()->setChecked(id, true);
        m_tabs->setCurrentWidget(m_compare);
    });
    connect(m_tree, &ProjectTree::curvesRequested, this, [this](qint64 id) {
        openRunCurves(id);
        m_tabs->setCurrentWidget(m_dashboard);
    });
    connect(m_tree, &ProjectTree::resumeRequested, this, &MainWindow::resumeRun);
    connect(m_tree, &ProjectTree::inspectRequested, this, [this](qint64 id) {
        inspectRun(id);
        m_tabs->setCurrentWidget(m_inspector);
    });
    connect(m_inspector, &views::AttentionInspector::runRequested, this, &MainWindow::inspectRun);
    connect(&m_inspectorLoader, &InspectorLoader::opened, this, [this](const OpenedInspector &o) {
        if (!o.error.isEmpty()) {
            m_inspector->setInspector(nullptr, o.runId);
            m_inspector->setMessage(tr("Cannot open run #%1: %2").arg(o.runId).arg(o.error));
            return;
        }
        m_inspector->setInspector(o.inspector, o.runId);
    });
    connectSimulations();
    connect(m_concepts, &views::ConceptBrowser::probeRequested, this, &MainWindow::openProbe);
    connect(m_concepts, &views::ConceptBrowser::newProbeRequested, this, &MainWindow::startProbe);
    connect(&m_conceptLoader, &InspectorLoader::opened, this, [this](const OpenedInspector &o) {
        m_concepts->setLab(o.lab, o.runId);
        if (!o.error.isEmpty())
            m_concepts->setMessage(tr("Cannot open probe #%1: %2").arg(o.runId).arg(o.error));
    });
    connect(m_tree, &ProjectTree::deleteRequested, this, [this](qint64 id) { deleteRun(id); });
    connect(m_dashboard, &views::RunDashboard::resumeRequested, this, &MainWindow::resumeRun);
    connect(m_dashboard, &views::RunDashboard::cancelRequested, this, &MainWindow::cancelRunning);
    connect(m_compare->sweeps(),
            &views::SweepView::resumeRequested,
            this,
            &MainWindow::resumeSweep);
    connect(m_compare, &views::CompareView::runActivated, this, [this](qint64 id) {
        openRunCurves(id);
        statusBar()->showMessage(tr("Run #%1 (its curves are on the Training tab)").arg(id), 4000);
    });
    applyPalette(darkPalette().get());
    restoreGeometry(windowGeometry().get());
    restoreState(dockState().get());
}

MainWindow::~MainWindow()
{
    // The document cancels its jobs and purges deletions as it goes; its signals must not reach
    // this window's slots once this destructor has begun.
    if (m_doc->jobs())
        m_doc->jobs()->disconnect();
    m_doc->disconnect();
    delete m_doc;
}

void MainWindow::createDocks()
{
    auto *treeDock = new QDockWidget(tr("Project"), this);
    treeDock->setObjectName(QStringLiteral("projectDock"));
    treeDock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    auto *jobs = new QWidget;
    auto *v = new QVBoxLayout(jobs);
    m_jobTable->setObjectName(QStringLiteral("jobTable"));
    m_jobTable->setHorizontalHeaderLabels({tr("Job"), tr("Experiment"), tr("Status")});
    m_jobTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_jobTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_jobTable->verticalHeader()->hide();
    m_jobTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_jobTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *cancel = new QPushButton(tr("Cancel selected"));
    connect(cancel, &QPushButton::clicked, this, [this] {
        const int row = m_jobTable->currentRow();
        if (row >= 0)
            m_doc->jobs()->cancel(m_jobTable->item(row, 0)->data(Qt::UserRole).toInt());
    });
    v->addWidget(m_jobTable);
    v->addWidget(cancel);
    auto *jobDock = new QDockWidget(tr("Jobs"), this);
    jobDock->setObjectName(QStringLiteral("jobDock"));
    jobDock->setWidget(jobs);
    addDockWidget(Qt::LeftDockWidgetArea, jobDock);
    m_tree->setMinimumWidth(260); // run labels and their metric must stay readable
}

JobController *MainWindow::jobs() const
{
    return m_doc->jobs();
}

const std::filesystem::path &MainWindow::database() const
{
    return m_doc->database();
}

void MainWindow::connectDocument()
{
    connect(m_doc, &ProjectDocument::databaseChanged, this, &MainWindow::connectJobs);
    connect(m_doc, &ProjectDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_doc, &ProjectDocument::runsChanged, this, &MainWindow::reloadRuns);
    connect(m_doc, &ProjectDocument::runHidden, m_dashboard, &views::RunDashboard::removeRun);
    connect(m_doc,
            &ProjectDocument::specReplaced,
            this,
            [this](const core::ExperimentSpec &spec, bool dataChanged) {
                m_editor->setSpec(spec);
                m_tree->setSpec(spec, QString::fromStdString(m_doc->specFile().string()));
                if (dataChanged)
                    loadDataset();
            });
    // One selected run across the views: any of them picks it, all of them show it.
    connect(m_tree, &ProjectTree::runSelected, m_doc, &ProjectDocument::selectRun);
    connect(m_compare, &views::CompareView::runSelected, m_doc, &ProjectDocument::selectRun);
    connect(m_audit, &views::AuditView::runPicked, m_doc, &ProjectDocument::selectRun);
    connect(m_loop, &views::FeedbackLoopView::runPicked, m_doc, &ProjectDocument::selectRun);
    connect(m_extraction, &views::ExtractionView::runPicked, m_doc, &ProjectDocument::selectRun);
    connect(m_doc, &ProjectDocument::runSelected, this, &MainWindow::showSelectedRun);
}

void MainWindow::showSelectedRun(qint64 runId)
{
    m_tree->selectRun(runId);
    m_compare->selectRun(runId);
    if (runId <= 0)
        return;
    openRunCurves(runId);
    m_audit->showRun(runId);
    m_loop->showRun(runId);
    m_extraction->showRun(runId);
}

void MainWindow::setDatabase(const std::filesystem::path &file)
{
    for (auto *task : {m_auditTask, m_loopTask, m_extractionTask}) { // they belong to the old one
        task->cancel();
        task->wait();
    }
    m_analysedRuns.clear();
    m_trainingHere.clear();
    m_runningElsewhere.clear();
    m_doc->setDatabase(file); // connects the new jobs (databaseChanged)
    if (int n = m_doc->store()->interruptedOnOpen())
        statusBar()->showMessage(
            tr("%n run(s) left running by a process that is gone are marked interrupted",
               nullptr,
               n),
            8000);
    reloadRuns();
}

bool MainWindow::openProject(const QString &specFile, const QString &database)
{
    try {
        const auto spec = core::ExperimentSpec::fromFile(specFile.toStdString(), m_registry);
        std::filesystem::path db
            = database.isEmpty()
                  ? std::filesystem::path(specFile.toStdString()).replace_extension(".recscope.db")
                  : std::filesystem::path(database.toStdString());
        setDatabase(db);
        m_editor->setSpec(spec);
        m_doc->resetSpec(spec, std::filesystem::absolute(specFile.toStdString()), true);
        m_tree->setSpec(spec, specFile);
        setWindowFilePath(specFile);
        setWindowTitle(tr("%1[*] — RecScope").arg(QFileInfo(specFile).fileName()));
        addRecent(QFileInfo(specFile).absoluteFilePath());
        loadDataset();
        return true;
    } catch (const std::exception &e) {
        QMessageBox::critical(this,
                              tr("Open project"),
                              tr("Cannot open %1:\n%2").arg(specFile, QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::saveProject(const QString &specFile)
{
    if (specFile.isEmpty())
        return false;
    try {
        const auto spec = m_editor->spec();
        const auto dir = std::filesystem::absolute(specFile.toStdString()).parent_path();
        QFile f(specFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw recscope::ConfigError(specFile.toStdString(), f.errorString().toStdString());
        f.write(QByteArray::fromStdString(spec.toJson(dir) + "\n"));
        if (!f.flush())
            throw recscope::ConfigError(specFile.toStdString(), f.errorString().toStdString());
        m_doc->recordEdit(spec);
        const int purged = m_doc->purgeDeletedRuns(); // saving makes deletions final
        m_doc->markSaved(std::filesystem::absolute(specFile.toStdString()));
        m_tree->setSpec(spec, specFile);
        addRecent(QFileInfo(specFile).absoluteFilePath());
        if (m_doc->database().empty())
            setDatabase(std::filesystem::path(m_doc->specFile()).replace_extension(".recscope.db"));
        statusBar()->showMessage(purged ? tr("Saved %1; %n deleted run(s) removed for good",
                                             nullptr,
                                             purged)
                                              .arg(specFile)
                                        : tr("Saved %1").arg(specFile),
                                 4000);
        return true;
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Save"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::newProject()
{
    if (!confirmDiscard())
        return;
    core::ExperimentSpec spec;
    spec.name = "untitled";
    const core::ModelInfo *pop
        = m_registry.info("pop"); // built in: the first model of a new project
    RS_ASSERT(pop, );
    if (pop)
        spec.models.push_back({"pop", "Pop", pop->params.defaults(), {}});
    m_editor->setSpec(spec);
    m_doc->resetSpec(spec, {}, false);
    m_tree->setSpec(spec, {});
    setWindowTitle(tr("untitled[*] — RecScope"));
    loadDataset();
}

void MainWindow::loadDataset()
{
    try {
        const auto spec = m_editor->spec();
        m_loader.load(spec.dataset, spec.split, spec.prepare);
    } catch (const std::exception &e) {
        m_dataset->clear(tr("Cannot load the dataset: %1").arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::importDataset(const QString &path)
{
    try {
        core::DatasetSource s;
        s.path = std::filesystem::absolute(path.toStdString());
        s.loader = m_registry.loaderFor("auto", s.path);
        s.format = s.loader ? core::DatasetFormat::Plugin : core::detectFormat(s.path);
        if (s.format == core::DatasetFormat::Delimited) {
            views::CsvMappingDialog dlg(path, this);
            if (dlg.exec() != QDialog::Accepted)
                return;
            s.mapping = dlg.mapping();
        }
        m_editor->setDatasetSource(s);
        loadDataset();
    } catch (const std::exception &e) {
        QMessageBox::warning(this,
                             tr("Import dataset"),
                             tr("%1\n%2").arg(path, QString::fromUtf8(e.what())));
    }
}

void MainWindow::showLoaded(const LoadedDataset &loaded)
{
    m_busy->hide();
    if (!loaded.error.isEmpty()) {
        m_statusText->setText(tr("Dataset not loaded"));
        m_dataset->clear(tr("Cannot load the dataset:\n%1").arg(loaded.error));
        m_tree->setDataset(tr("(failed)"), {});
        return;
    }
    m_dataset->setDataset(loaded.data, loaded.stats, loaded.profile);
    m_tree->setDataset(QString::fromStdString(loaded.data->name),
                       tr("%1 rows").arg(
                           QLocale().toString(qulonglong(loaded.stats.interactions))));
    m_statusText->setText(
        tr("%1: %2").arg(QString::fromStdString(loaded.data->name), loaded.prepareSummary));
}

bool MainWindow::confirmDiscard()
{
    if (!m_doc->isModified())
        return true;
    return QMessageBox::question(this,
                                 tr("Unsaved changes"),
                                 tr("The experiment has unsaved changes. Discard them?"),
                                 QMessageBox::Discard | QMessageBox::Cancel)
           == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_doc->jobs() && m_doc->jobs()->busy()
        && QMessageBox::question(this,
                                 tr("Training is running"),
                                 tr("Cancel the running job and quit? Finished runs are kept."))
               != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    m_doc->purgeDeletedRuns(); // closing makes deletions final
    windowGeometry().set(saveGeometry());
    dockState().set(saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile())
        return;
    const QString path = urls.front().toLocalFile();
    if (path.endsWith(QLatin1String(".json")) && confirmDiscard())
        openProject(path);
    else
        importDataset(path);
    event->acceptProposedAction();
}

} // namespace recscope::app
