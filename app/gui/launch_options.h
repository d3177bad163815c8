// SPDX-License-Identifier: MIT
#pragma once
// The workbench's command line: the project to open, where to show it (a tab, a run, a probe and
// latent), and --screenshot, which saves the window once it has drawn and quits (the package test
// and the README's pictures use it).

#include <recscope/core/plugins.h>

#include <QtCore/QSize>
#include <QtCore/QString>

#include <filesystem>
#include <optional>
#include <vector>

class QApplication;

namespace recscope::app {

class MainWindow;

struct LaunchOptions
{
    QString spec, db, screenshot;
    QSize size{1366, 768};
    int tab = 0, auditPage = 0;    ///< 1-based; 0 = as the window opens
    qint64 inspect = 0, probe = 0; ///< run ids; 0 = none
    int latent = -1;               ///< with probe
    std::optional<double> steer;   ///< with latent
    bool plugins = false;          ///< open Help ▸ Plugins

    /// Reads the application's arguments (--help and --version print and exit); nullopt after
    /// printing what is wrong with a value.
    static std::optional<LaunchOptions> parse(const QApplication &app);
};

/// Shows in window what the options ask for (the project is open already), and schedules the
/// screenshot and the end of the application when one is asked for.
void applyLaunchOptions(MainWindow &window,
                        const LaunchOptions &options,
                        const std::vector<core::PluginRecord> &plugins,
                        const std::vector<std::filesystem::path> &pluginPath);

} // namespace recscope::app
