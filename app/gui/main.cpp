// SPDX-License-Identifier: MIT
// The recscope workbench: `recscope [SPEC.json] [--db FILE]`.
#include "main_window.h"
#include "views/dialogs/plugins_dialog.h"
#include "views/widgets/concept_browser.h"
#include "views/widgets/concept_details.h"

#include <recscope/core/builtins.h>
#include <recscope/core/registry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTabWidget>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RecScope"));
    QApplication::setOrganizationName(QStringLiteral("RecScope"));
    QApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train, inspect and audit recommender systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("spec"),
        QStringLiteral("Experiment spec (JSON) to open, e.g. projects/quickstart.json"));
    QCommandLineOption db(QStringLiteral("db"),
                          QStringLiteral(
                              "Project database (default: SPEC.recscope.db next to the spec)"),
                          QStringLiteral("file"));
    QCommandLineOption shot(QStringLiteral("screenshot"),
                            QStringLiteral("Save a screenshot of the window to FILE and quit"),
                            QStringLiteral("file"));
    QCommandLineOption size(QStringLiteral("size"),
                            QStringLiteral("Window size, e.g. 2560x1440 (default 1366x768)"),
                            QStringLiteral("WxH"),
                            QStringLiteral("1366x768"));
    QCommandLineOption tab(QStringLiteral("tab"),
                           QStringLiteral("Open on tab N (1 dataset, 2 experiment, 3 training, 4 "
                                          "compare, 5 attention, 6 concepts, 7 audit)"),
                           QStringLiteral("N"));
    QCommandLineOption inspect(QStringLiteral("inspect"),
                               QStringLiteral("Open run N in the Attention tab"),
                               QStringLiteral("N"));
    QCommandLineOption probe(QStringLiteral("probe"),
                             QStringLiteral("Open RecSAE probe run N in the Concepts tab"),
                             QStringLiteral("N"));
    QCommandLineOption latent(QStringLiteral("latent"),
                              QStringLiteral("With --probe: select latent N"),
                              QStringLiteral("N"));
    QCommandLineOption steer(QStringLiteral("steer"),
                             QStringLiteral(
                                 "With --latent: steer it to F × its maximum (0 ablates)"),
                             QStringLiteral("F"));
    QCommandLineOption auditPage(
        QStringLiteral("audit-page"),
        QStringLiteral(
            "Open the Audit tab on page N (1 fairness and bias, 2 feedback loop, 3 extraction)"),
        QStringLiteral("N"));
    QCommandLineOption
        pluginsDialog(QStringLiteral("plugins"),
                      QStringLiteral("Open Help > Plugins (with --screenshot: grab that dialog)"));
    parser.addOption(pluginsDialog);
    parser.addOption(auditPage);
    parser.addOption(steer);
    parser.addOption(inspect);
    parser.addOption(probe);
    parser.addOption(latent);
    parser.addOption(db);
    parser.addOption(shot);
    parser.addOption(size);
    parser.addOption(tab);
    parser.process(app);
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    if (wh.size() != 2 || wh[0].toInt() < 320 || wh[1].toInt() < 240) {
        std::fprintf(stderr,
                     "recscope: --size expects WIDTHxHEIGHT, e.g. 1366x768, not '%s'\n",
                     qPrintable(parser.value(size)));
        return 2;
    }

    recscope::core::Registry registry;
    recscope::core::registerBuiltins(registry);
    const auto pluginPath
        = recscope::core::pluginSearchPath(QCoreApplication::applicationDirPath().toStdString());
    auto plugins = recscope::core::loadPlugins(registry, pluginPath);
    for (const auto &p : plugins)
        if (p.state == recscope::core::PluginRecord::State::Refused)
            std::fprintf(stderr,
                         "recscope: plugin %s not loaded: %s\n",
                         p.manifest.string().c_str(),
                         p.message.c_str());
    recscope::app::MainWindow window(registry);
    window.setPlugins(plugins, pluginPath);
    window.resize(wh[0].toInt(), wh[1].toInt());
    window.show();
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && !window.openProject(args.front(), parser.value(db)))
        return 1;
    if (parser.isSet(tab))
        window.tabs()->setCurrentIndex(parser.value(tab).toInt() - 1);
    if (parser.isSet(auditPage)) {
        window.tabs()->setCurrentWidget(window.auditLab());
        window.auditLab()->setCurrentIndex(parser.value(auditPage).toInt() - 1);
    }
    if (parser.isSet(inspect)) {
        window.inspectRun(parser.value(inspect).toLongLong());
        window.tabs()->setCurrentIndex(4);
    }
    if (parser.isSet(probe)) {
        window.openProbe(parser.value(probe).toLongLong());
        window.tabs()->setCurrentWidget(window.conceptView());
        if (parser.isSet(latent))
            QTimer::singleShot(6000, &window, [&] {
                if (window.conceptView()->selectLatent(parser.value(latent).toInt())
                    && parser.isSet(steer))
                    window.conceptView()->details()->steer(parser.value(steer).toDouble());
            });
    }
    if (parser.isSet(pluginsDialog)) {
        auto *dialog = new recscope::views::PluginsDialog(plugins, pluginPath, &window);
        dialog->show();
        if (parser.isSet(shot)) {
            QTimer::singleShot(1500, &window, [&, dialog] {
                dialog->grab().save(parser.value(shot));
                app.quit();
            });
            return app.exec();
        }
    }
    if (parser.isSet(shot)) {
        QTimer::singleShot(parser.isSet(inspect) || parser.isSet(probe) ? 8000 : 1500,
                           &window,
                           [&] {
                               window.grab().save(parser.value(shot));
                               app.quit();
                           });
    }
    return app.exec();
}
