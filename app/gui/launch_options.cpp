// SPDX-License-Identifier: MIT
#include "launch_options.h"

#include "main_window.h"
#include "views/dialogs/plugins_dialog.h"
#include "views/widgets/concept_browser.h"
#include "views/widgets/concept_details.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTabWidget>

#include <cstdio>

namespace recscope::app {

namespace {

/// Grabs target into file after delayMs (long enough for charts and a probe to draw), then quits.
void screenshotLater(QWidget *target, const QString &file, int delayMs)
{
    QTimer::singleShot(delayMs, target, [target, file] {
        target->grab().save(file);
        QCoreApplication::quit();
    });
}

} // namespace

std::optional<LaunchOptions> LaunchOptions::parse(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train, inspect and audit recommender systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("spec"),
        QStringLiteral("Experiment spec (JSON) to open, e.g. projects/quickstart.json"));
    const QCommandLineOption
        db(QStringLiteral("db"),
           QStringLiteral("Project database (default: SPEC.recscope.db next to the spec)"),
           QStringLiteral("file"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QStringLiteral(
                                      "Save a screenshot of the window to FILE and quit"),
                                  QStringLiteral("file"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size, e.g. 2560x1440 (default 1366x768)"),
                                  QStringLiteral("WxH"),
                                  QStringLiteral("1366x768"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral(
                                     "Open on tab N (1 dataset, 2 experiment, 3 training, 4 "
                                     "compare, 5 attention, 6 concepts, 7 audit)"),
                                 QStringLiteral("N"));
    const QCommandLineOption inspect(QStringLiteral("inspect"),
                                     QStringLiteral("Open run N in the Attention tab"),
                                     QStringLiteral("N"));
    const QCommandLineOption probe(QStringLiteral("probe"),
                                   QStringLiteral("Open RecSAE probe run N in the Concepts tab"),
                                   QStringLiteral("N"));
    const QCommandLineOption latent(QStringLiteral("latent"),
                                    QStringLiteral("With --probe: select latent N"),
                                    QStringLiteral("N"));
    const QCommandLineOption steer(QStringLiteral("steer"),
                                   QStringLiteral(
                                       "With --latent: steer it to F × its maximum (0 ablates)"),
                                   QStringLiteral("F"));
    const QCommandLineOption auditPage(QStringLiteral("audit-page"),
                                       QStringLiteral(
                                           "Open the Audit tab on page N (1 fairness and bias, 2 "
                                           "feedback loop, 3 extraction)"),
                                       QStringLiteral("N"));
    const QCommandLineOption
        plugins(QStringLiteral("plugins"),
                QStringLiteral("Open Help > Plugins (with --screenshot: grab that dialog)"));
    parser.addOptions({plugins, auditPage, steer, inspect, probe, latent, db, shot, size, tab});
    parser.process(app);
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    if (wh.size() != 2 || wh[0].toInt() < 320 || wh[1].toInt() < 240) {
        std::fprintf(stderr,
                     "recscope: --size expects WIDTHxHEIGHT, e.g. 1366x768, not '%s'\n",
                     qPrintable(parser.value(size)));
        return std::nullopt;
    }
    LaunchOptions o;
    o.size = QSize(wh[0].toInt(), wh[1].toInt());
    if (!parser.positionalArguments().isEmpty())
        o.spec = parser.positionalArguments().front();
    o.db = parser.value(db);
    o.screenshot = parser.value(shot);
    o.tab = parser.isSet(tab) ? parser.value(tab).toInt() : 0;
    o.auditPage = parser.isSet(auditPage) ? parser.value(auditPage).toInt() : 0;
    o.inspect = parser.isSet(inspect) ? parser.value(inspect).toLongLong() : 0;
    o.probe = parser.isSet(probe) ? parser.value(probe).toLongLong() : 0;
    o.latent = parser.isSet(latent) ? parser.value(latent).toInt() : -1;
    if (parser.isSet(steer))
        o.steer = parser.value(steer).toDouble();
    o.plugins = parser.isSet(plugins);
    return o;
}

void applyLaunchOptions(MainWindow &window,
                        const LaunchOptions &o,
                        const std::vector<core::PluginRecord> &plugins,
                        const std::vector<std::filesystem::path> &pluginPath)
{
    if (o.tab > 0)
        window.tabs()->setCurrentIndex(o.tab - 1);
    if (o.auditPage > 0) {
        window.tabs()->setCurrentWidget(window.auditLab());
        window.auditLab()->setCurrentIndex(o.auditPage - 1);
    }
    if (o.inspect > 0) {
        window.inspectRun(o.inspect);
        window.tabs()->setCurrentIndex(4);
    }
    if (o.probe > 0) {
        window.openProbe(o.probe);
        window.tabs()->setCurrentWidget(window.conceptView());
        if (o.latent >= 0) // after the probe's dictionary has loaded
            QTimer::singleShot(6000, &window, [&window, o] {
                if (window.conceptView()->selectLatent(o.latent) && o.steer)
                    window.conceptView()->details()->steer(*o.steer);
            });
    }
    if (o.plugins) {
        auto *dialog = new views::PluginsDialog(plugins, pluginPath, &window);
        dialog->show();
        if (!o.screenshot.isEmpty()) {
            screenshotLater(dialog, o.screenshot, 1500);
            return;
        }
    }
    if (!o.screenshot.isEmpty())
        screenshotLater(&window, o.screenshot, o.inspect > 0 || o.probe > 0 ? 8000 : 1500);
}

} // namespace recscope::app
