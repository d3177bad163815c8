// SPDX-License-Identifier: MIT
// The Help menu: About and Plugins.
#include "main_window.h"
#include "project_document.h"
#include "views/dialogs/plugins_dialog.h"

#include <recscope/core/compute.h>
#include <recscope/core/store.h>

#include <QtCore/QCoreApplication>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStatusBar>

namespace recscope::app {

void MainWindow::setPlugins(std::vector<core::PluginRecord> plugins,
                            std::vector<std::filesystem::path> searchPath)
{
    m_plugins = std::move(plugins);
    m_pluginPath = std::move(searchPath);
    const auto refused = std::count_if(m_plugins.begin(), m_plugins.end(), [](const auto &p) {
        return p.state == core::PluginRecord::State::Refused;
    });
    if (refused)
        statusBar()->showMessage(tr("%n plugin(s) refused; see Help ▸ Plugins",
                                    nullptr,
                                    int(refused)),
                                 15000);
}

void MainWindow::showPlugins()
{
    views::PluginsDialog dialog(m_plugins, m_pluginPath, this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    const auto versions = QString::fromStdString(core::versionsJson());
    QMessageBox::about(this,
                       tr("About RecScope"),
                       tr("<h3>RecScope %1</h3><p>A workbench for training, inspecting and "
                          "auditing recommenders.</p>"
                          "<p><b>Compute:</b> %2</p><p><b>Libraries:</b> Qt %3; "
                          "%4</p><p><b>Project database:</b> %5</p>")
                           .arg(QCoreApplication::applicationVersion(),
                                QString::fromStdString(core::deviceSummary()),
                                QString::fromLatin1(qVersion()),
                                versions.toHtmlEscaped(),
                                QString::fromStdString(m_doc->database().string())
                                    .toHtmlEscaped()));
}

} // namespace recscope::app
