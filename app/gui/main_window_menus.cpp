// SPDX-License-Identifier: MIT
// The main window's menus, the recent-projects list and the palette.
#include "job_controller.h"
#include "main_window.h"
#include "project_document.h"
#include "settings.h"
#include "views/dialogs/synthetic_dialog.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/run_dashboard.h"

#include <recscope/core/registry.h>

#include <QtGui/QUndoStack>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTabWidget>

namespace recscope::app {

void MainWindow::createActions()
{
    createFileMenu();
    createRunViewHelpMenus();
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, [this] {
        if (!confirmDiscard())
            return;
        const QString f = QFileDialog::getOpenFileName(this,
                                                       tr("Open experiment spec"),
                                                       {},
                                                       tr("Experiment specs (*.json)"));
        if (!f.isEmpty())
            openProject(f);
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        saveProject(m_doc->specFile().empty()
                        ? QFileDialog::getSaveFileName(this,
                                                       tr("Save experiment spec"),
                                                       QStringLiteral("experiment.json"),
                                                       tr("Experiment specs (*.json)"))
                        : QString::fromStdString(m_doc->specFile().string()));
    });
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, [this] {
        saveProject(QFileDialog::getSaveFileName(this,
                                                 tr("Save experiment spec"),
                                                 {},
                                                 tr("Experiment specs (*.json)")));
    });
    file->addSeparator();
    file->addAction(tr("&Import dataset…"), QKeySequence(tr("Ctrl+I")), this, [this] {
        QString patterns = QStringLiteral("*.dat *.data *.csv *.tsv *.inter *.txt");
        for (const auto &loader : m_registry.datasetLoaders()) // formats from plugins
            for (const auto &ext : loader.extensions)
                patterns += QStringLiteral(" *") + QString::fromStdString(ext);
        const QString f
            = QFileDialog::getOpenFileName(this,
                                           tr("Import dataset"),
                                           {},
                                           tr("Datasets (%1);;All files (*)").arg(patterns));
        if (!f.isEmpty())
            importDataset(f);
    });
    file->addAction(tr("S&ynthetic dataset…"), QKeySequence(tr("Ctrl+G")), this, [this] {
        auto spec = m_editor->spec();
        views::SyntheticDialog dlg(spec.dataset.synthetic, this);
        if (dlg.exec() != QDialog::Accepted)
            return;
        core::DatasetSource s;
        s.synthetic = dlg.config();
        m_editor->setDatasetSource(s);
        loadDataset();
    });
    file->addSeparator();
    file->addAction(tr("Export &report…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this] {
        openReport();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::createRunViewHelpMenus()
{
    // Edit: undo and redo of spec edits and run deletions. A focused text field keeps Ctrl+Z
    // for its own text (it claims the shortcut first).
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Delete selected run"), this, [this] {
        if (m_doc->selectedRun() > 0)
            deleteRun(m_doc->selectedRun());
    });

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Train experiment"), QKeySequence(tr("Ctrl+R")), this, &MainWindow::train);
    run->addAction(tr("&Cancel running job"),
                   QKeySequence(tr("Ctrl+.")),
                   this,
                   &MainWindow::cancelRunning);
    run->addAction(tr("Cancel &all jobs"), this, [this] {
        if (m_doc->jobs())
            m_doc->jobs()->cancelAll();
    });
    run->addAction(tr("Re&sume shown run from checkpoint"),
                   QKeySequence(tr("Ctrl+Shift+R")),
                   this,
                   [this] { resumeRun(m_dashboard->shownRun()); });
    run->addAction(tr("&Reload runs"), QKeySequence::Refresh, this, &MainWindow::reloadRuns);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int k = 0; k < m_tabs->count(); ++k)
        view->addAction(m_tabs->tabText(k).remove(QLatin1Char('&')),
                        QKeySequence(QStringLiteral("Alt+%1").arg(k + 1)),
                        this,
                        [this, k] { m_tabs->setCurrentIndex(k); });
    QAction *dark = view->addAction(tr("&Dark palette"));
    dark->setCheckable(true);
    dark->setChecked(darkPalette().get());
    connect(dark, &QAction::toggled, this, [this](bool on) {
        darkPalette().set(on);
        applyPalette(on);
    });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Plugins…"), this, &MainWindow::showPlugins);
    help->addAction(tr("&Devices and kernels…"), this, &MainWindow::showKernels);
    help->addAction(tr("&About RecScope"), this, &MainWindow::showAbout);
}

void MainWindow::addRecent(const QString &file)
{
    QStringList r = recentProjects().get();
    r.removeAll(file);
    r.prepend(file);
    while (r.size() > 8)
        r.removeLast();
    recentProjects().set(r);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    for (const QString &f : recentProjects().get())
        m_recentMenu->addAction(f, this, [this, f] {
            if (confirmDiscard())
                openProject(f);
        });
    m_recentMenu->setEnabled(!m_recentMenu->isEmpty());
}

void MainWindow::applyPalette(bool dark)
{
    if (!dark) {
        qApp->setPalette(qApp->style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor base(37, 37, 38), window(45, 45, 48), text(230, 230, 230), accent(38, 139, 210);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(130, 130, 130));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(130, 130, 130));
    qApp->setPalette(p);
}

} // namespace recscope::app
