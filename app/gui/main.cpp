// SPDX-License-Identifier: MIT
// The recscope workbench: `recscope [SPEC.json] [--db FILE]` (launch_options.h: the rest).
#include "launch_options.h"
#include "main_window.h"

#include <recscope/core/builtins.h>
#include <recscope/core/registry.h>

#include <QtWidgets/QApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RecScope"));
    QApplication::setOrganizationName(QStringLiteral("RecScope"));
    QApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
    const auto options = recscope::app::LaunchOptions::parse(app);
    if (!options)
        return 2;

    recscope::core::Registry registry;
    recscope::core::registerBuiltins(registry);
    const auto pluginPath
        = recscope::core::pluginSearchPath(QCoreApplication::applicationDirPath().toStdString());
    const auto plugins = recscope::core::loadPlugins(registry, pluginPath);
    for (const auto &p : plugins)
        if (p.state == recscope::core::PluginRecord::State::Refused)
            std::fprintf(stderr,
                         "recscope: plugin %s not loaded: %s\n",
                         p.manifest.string().c_str(),
                         p.message.c_str());
    recscope::app::MainWindow window(registry);
    window.setPlugins(plugins, pluginPath);
    window.resize(options->size);
    window.show();
    if (!options->spec.isEmpty() && !window.openProject(options->spec, options->db))
        return 1;
    recscope::app::applyLaunchOptions(window, *options, plugins, pluginPath);
    return app.exec();
}
