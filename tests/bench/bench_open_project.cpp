// SPDX-License-Identifier: MIT
// Opens a large project in the workbench and reports how long the GUI thread was ever blocked:
// a dataset (a MovieLens-format folder, or "synthetic:ROWS") and a database of RUNS finished runs
// with EPOCHS epochs of curves each. Then it ticks every run in the compare view and scrolls the
// interaction table to its end, timing each step. tests/bench/bench_open_project.sh writes the
// 10M-row dataset and runs it.
//
//   QT_QPA_PLATFORM=offscreen build/bin/bench_open_project DATASET [RUNS=100] [EPOCHS=100]
#include "fake_runs.h"
#include "main_window.h"
#include "views/models/interaction_table_model.h"
#include "views/models/run_table_model.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/dataset_overview.h"

#include <recscope/core/builtins.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

#include <cstdio>

using namespace recscope;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QString dataset
        = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("synthetic:1000000");
    const int runs = argc > 2 ? std::atoi(argv[2]) : 100;
    const int epochs = argc > 3 ? std::atoi(argv[3]) : 100;
    QTemporaryDir dir;
    const QString spec = dir.filePath(QStringLiteral("big.json"));
    QFile f(spec);
    if (!f.open(QIODevice::WriteOnly))
        return 1;
    const int meanLength = 50;
    const QString source
        = dataset.startsWith(QLatin1String("synthetic:"))
              ? QStringLiteral(R"({"synthetic": {"users": %1, "items": 50000, "mean_length": %2}})")
                    .arg(dataset.section(QLatin1Char(':'), 1).toLong() / meanLength)
                    .arg(meanLength)
              : QStringLiteral(R"({"format": "movielens", "path": "%1"})")
                    .arg(QFileInfo(dataset).absoluteFilePath());
    f.write(QStringLiteral(R"({"name": "big", "dataset": %1, "models": [{"id": "bpr"}]})")
                .arg(source)
                .toUtf8());
    f.close();
    const std::filesystem::path db = dir.filePath(QStringLiteral("big.db")).toStdString();
    QElapsedTimer clock;
    clock.start();
    addFakeRuns(db, runs, epochs);
    std::printf("database: %d runs x %d epochs written in %.1f s\n",
                runs,
                epochs,
                clock.elapsed() / 1000.0);

    core::Registry registry;
    core::registerBuiltins(registry);
    app::MainWindow w(registry);
    w.resize(1366, 768);
    w.show();

    qint64 worstGap = 0;
    QElapsedTimer sinceTick;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        worstGap = std::max(worstGap, sinceTick.restart());
    });
    auto step = [&](const char *what, const std::function<void()> &work) {
        QElapsedTimer t;
        t.start();
        work();
        std::printf("%-44s %8.1f ms on the GUI thread\n", what, t.nsecsElapsed() / 1e6);
    };
    sinceTick.start();
    tick.start();
    clock.restart();
    step("open project (spec; runs into tree and compare)",
         [&] { w.openProject(spec, QString::fromStdString(db.string())); });
    while (w.datasetView()->charts().isEmpty())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double firstChart = clock.elapsed() / 1000.0;
    while (!w.datasetView()->chartsComplete())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double loadSeconds = clock.elapsed() / 1000.0;
    std::printf("dataset loaded, first chart after %.1f s, all charts after %.1f s (%d "
                "interactions in the table)\n",
                firstChart,
                loadSeconds,
                w.datasetView()->tableModel()->rowCount());
    std::printf("longest event-loop gap while opening: %lld ms\n", worstGap);

    worstGap = 0;
    sinceTick.restart();
    step("compare: tick all runs, rebuild the charts", [&] {
        w.tabs()->setCurrentWidget(w.compareView());
        auto *model = w.compareView()->model();
        for (int r = 0; r < model->rowCount(); ++r)
            model->setChecked(model->index(r, 0).data(views::RunTableModel::RunIdRole).toLongLong(),
                              true);
        QCoreApplication::processEvents(); // the coalesced chart rebuild
    });
    step("compare: paint", [&] { w.grab(); });
    step("interaction table: scroll to the last row", [&] {
        w.tabs()->setCurrentWidget(w.datasetView());
        w.datasetView()->findChild<QTableView *>()->scrollToBottom();
        w.grab();
    });
    step("reload runs (after a run finishes)", [&] { w.reloadRuns(); });
    QCoreApplication::processEvents();
    std::printf("longest event-loop gap after opening: %lld ms\n", worstGap);
    return 0;
}
