// SPDX-License-Identifier: MIT
// The recscope workbench: `recscope [SPEC.json] [--db FILE]`.
#include "main_window.h"

#include <recscope/core/model_registry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RecScope"));
    QApplication::setOrganizationName(QStringLiteral("RecScope"));
    QApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train, inspect and audit recommender systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("Experiment spec (JSON) to open, e.g. projects/quickstart.json"));
    QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Project database (default: SPEC.recscope.db next to the spec)"),
                          QStringLiteral("file"));
    QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window to FILE and quit"),
                            QStringLiteral("file"));
    parser.addOption(db);
    parser.addOption(shot);
    parser.process(app);

    recscope::core::ModelRegistry registry;
    recscope::core::registerBuiltinModels(registry);
    recscope::app::MainWindow window(registry);
    window.resize(1366, 768);
    window.show();
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && !window.openProject(args.front(), parser.value(db)))
        return 1;
    if (parser.isSet(shot)) {
        QTimer::singleShot(1500, &window, [&] {
            window.grab().save(parser.value(shot));
            app.quit();
        });
    }
    return app.exec();
}
