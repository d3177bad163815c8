// SPDX-License-Identifier: MIT
// The Help menu: About, Plugins, and Devices and kernels.
#include "main_window.h"
#include "project_document.h"
#include "views/dialogs/kernels_dialog.h"
#include "views/dialogs/plugins_dialog.h"

#include <recscope/core/compute.h>
#include <recscope/core/kernels.h>
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

void MainWindow::showKernels()
{
    views::KernelsDialog dialog(this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    const auto versions = QString::fromStdString(core::versionsJson());
    QStringList kernels;
    for (const auto &line : core::kernelSummary())
        kernels.append(QString::fromStdString(line).toHtmlEscaped());
    for (const auto &k : core::listTunedKernels())
        if (k.referenceSeconds > 0)
            kernels.append(tr("%1 at %2: variant %3, %4× the reference")
                               .arg(QString::fromStdString(k.kernel),
                                    QString::fromStdString(k.bucket).toHtmlEscaped(),
                                    QString::fromStdString(k.variant))
                               .arg(k.referenceSeconds / k.seconds, 0, 'f', 1));
    QMessageBox::about(this,
                       tr("About RecScope"),
                       tr("<h3>RecScope %1</h3><p>A workbench for training, inspecting and "
                          "auditing recommenders.</p>"
                          "<p><b>Compute:</b> %2</p><p><b>Kernels:</b> %6 (Help ▸ Devices and "
                          "kernels)</p><p><b>Libraries:</b> Qt %3; "
                          "%4</p><p><b>Project database:</b> %5</p>")
                           .arg(QCoreApplication::applicationVersion(),
                                QString::fromStdString(core::deviceSummary()),
                                QString::fromLatin1(qVersion()),
                                versions.toHtmlEscaped(),
                                QString::fromStdString(m_doc->database().string()).toHtmlEscaped(),
                                kernels.join(QStringLiteral("<br>"))));
}

} // namespace recscope::app
