// SPDX-License-Identifier: MIT
// The workbench end to end, through its own actions: open a project, look at the dataset,
// train through the job queue while the event loop stays responsive, and find the run in the
// dashboard, the compare view and the database.
#include "job_controller.h"
#include "main_window.h"
#include "project_document.h"
#include "test_support.h"
#include "views/charts/chart_view.h"
#include "views/dialogs/sweep_dialog.h"
#include "views/models/interaction_table_model.h"
#include "views/models/run_table_model.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/dataset_overview.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/param_form.h"
#include "views/widgets/run_dashboard.h"
#include "views/widgets/seed_groups_view.h"
#include "views/widgets/sweep_view.h"
#include "workbench_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/plugins.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QXYSeries>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QUndoStack>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QTreeWidget>

#include <algorithm>
#include <ctime>

using namespace recscope;
using namespace workbench_test;

class tst_Workbench : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    core::Registry m_registry;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        core::registerBuiltins(m_registry);
        QVERIFY(writeSampleSpec(m_dir));
    }

    void aboutNamesTheKernels()
    {
        // Help ▸ About is modal: read, photograph and close it from the event loop it runs.
        app::MainWindow w(m_registry);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAction *about = nullptr;
        for (auto *a : w.findChildren<QAction *>())
            if (a->text().contains(QStringLiteral("About RecScope")))
                about = a;
        QVERIFY(about);
        QString text;
        QTimer::singleShot(300, &w, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                text = box->text();
                screenshot(box, QStringLiteral("about"));
                box->accept();
            }
        });
        about->trigger();
        QVERIFY2(text.contains(QStringLiteral("<b>Kernels:</b> CPU kernels: fused HSTU attention")),
                 qPrintable(text));
    }

    void trainsThroughTheGui()
    {
        app::MainWindow w(m_registry);
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(m_dir.filePath(QStringLiteral("gui-test.json"))));
        QTRY_VERIFY_WITH_TIMEOUT(w.datasetView()->chartsComplete(), 30000);
        QCOMPARE(w.datasetView()->tableModel()->rowCount() > 10000, true);
        screenshot(&w, QStringLiteral("dataset"));
        w.tabs()->setCurrentIndex(1);
        w.experimentView()->modelList()->setCurrentRow(1);
        screenshot(&w, QStringLiteral("experiment"));

        // Train through the window's own action and watch the event loop while it runs.
        QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
        QSignalSpy samples(w.jobs(), &app::JobController::samplesArrived);
        EventLoopWatch watch(10);
        w.train();
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget *>(w.dashboard()));
        QVERIFY(w.jobs()->busy());
        QVERIFY(finished.wait(240000));
        watch.stop();
        QString why = finished.front().at(2).toString();
        for (const auto &r : core::ProjectStore(w.database()).runs())
            why += QStringLiteral(" %1: %2 %3;")
                       .arg(QString::fromStdString(r.label),
                            QString::fromLatin1(core::runStatusName(r.status)),
                            QString::fromStdString(r.message));
        QVERIFY2(finished.front().at(1).value<core::RunStatus>() == core::RunStatus::Finished,
                 qPrintable(why));
        qInfo("longest event-loop turn while training: %s", qPrintable(watch.describe()));
        QVERIFY2(watch.responsive(),
                 qPrintable(QStringLiteral("the GUI froze: ") + watch.describe()));

        // The dashboard received the curves of the last run: 3 epochs of loss and NDCG@10.
        QVERIFY(samples.count() > 0);
        QVERIFY(w.dashboard()->plottedPoints() >= 6);
        auto series = w.dashboard()->lossChart()->chart()->series();
        QCOMPARE(series.size(), 1);
        QCOMPARE(static_cast<QXYSeries *>(series.front())->count(), 3);
        screenshot(&w, QStringLiteral("training"));

        // The database holds the runs, and the compare view shows them.
        core::ProjectStore store(w.database());
        const auto runs = store.runs();
        QCOMPARE(runs.size(), std::size_t(3));
        for (const auto &r : runs)
            QCOMPARE(r.status, core::RunStatus::Finished);
        QCOMPARE(store.epochMetrics(runs[1].id).size() > 8, true);
        QTRY_COMPARE(w.compareView()->model()->rowCount(), 3);
        QCOMPARE(w.compareView()->model()->checkedRuns().size(), std::size_t(3));
        QVERIFY(!w.compareView()->barChart()->chart()->series().isEmpty());
        w.tabs()->setCurrentWidget(w.compareView());
        screenshot(&w, QStringLiteral("compare"));
    }

    void sweepsAndSeedsThroughTheGui()
    {
        // A sweep edited in its dialog and repeated over three seeds, trained through the window,
        // then read in the compare view pooled over seeds, with a paired test and the sweep page.
        app::MainWindow w(m_registry);
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QFile f(m_dir.filePath(QStringLiteral("gui-sweep.json"))); // a project of its own
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kSpec);
        f.close();
        QVERIFY(w.openProject(f.fileName()));
        w.tabs()->setCurrentWidget(w.experimentView());
        auto *editor = w.experimentView();
        auto *repeat = editor->findChild<QLineEdit *>(QStringLiteral("repeatSeeds"));
        QVERIFY(repeat);
        repeat->setText(QStringLiteral("1, 2, 3"));
        editor->modelList()->setCurrentRow(2); // SASRec is not needed here
        for (auto *b : editor->findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Remove"))
                b->click();
        QCOMPARE(editor->modelList()->count(), 2);
        editor->modelList()->setCurrentRow(1);
        QString plan;
        QTimer::singleShot(0, this, [&] {
            auto *dlg = qobject_cast<views::SweepDialog *>(QApplication::activeModalWidget());
            if (!dlg)
                return;
            auto *table = dlg->table();
            for (int row = 0; row < table->rowCount(); ++row)
                if (table->item(row, 1)->text() == QLatin1String("learning_rate")) {
                    table->item(row, 0)->setCheckState(Qt::Checked);
                    table->item(row, 2)->setText(QStringLiteral("0.001, 0.03"));
                }
            plan = dlg->planLabel()->text();
            dlg->resize(900, 560);
            screenshot(dlg, QStringLiteral("sweep-dialog"));
            dlg->accept();
        });
        editor->editSweep();
        QCOMPARE(
            plan,
            QStringLiteral(
                "2 trials × 3 seed(s) = 6 trial runs, then the selected trial's 3 tested run(s)."));
        QCOMPARE(editor->modelList()->item(1)->text(),
                 QStringLiteral("BPR-MF (sweep: learning_rate)"));
        const auto spec = editor->spec();
        QCOMPARE(spec.repeatSeeds, (std::vector<std::uint64_t>{1, 2, 3}));
        QCOMPARE(spec.models.size(), std::size_t(2));
        QVERIFY(spec.sweep && spec.models[1].sweep.size() == 1);
        screenshot(&w, QStringLiteral("experiment-sweep"));

        QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
        w.train();
        QVERIFY(finished.wait(300000));
        QCOMPARE(finished.front().at(1).value<core::RunStatus>(), core::RunStatus::Finished);
        core::ProjectStore store(w.database());
        QCOMPARE(store.sweeps().size(), std::size_t(1));
        QCOMPARE(store.sweeps().front().status, core::RunStatus::Finished);

        auto *compare = w.compareView();
        w.tabs()->setCurrentWidget(compare);
        compare->tabs()->setCurrentWidget(compare->seedGroups());
        QTRY_COMPARE(int(compare->seedGroups()->groups().size()),
                     2); // Pop and the selected BPR, 3 seeds each
        for (const auto &g : compare->seedGroups()->groups())
            QCOMPARE(g.runs.size(), std::size_t(3));
        compare->seedGroups()->setPair(1, 0, QStringLiteral("NDCG@10"));
        QVERIFY2(compare->seedGroups()->testResult()->text().contains(QStringLiteral("t(2)")),
                 qPrintable(compare->seedGroups()->testResult()->text()));
        QVERIFY(compare->seedGroups()->chart()->chart()->series().size() >= 3); // bars and whiskers
        screenshot(&w, QStringLiteral("compare-seeds"));
        compare->tabs()->setCurrentWidget(compare->sweeps());
        QCOMPARE(compare->sweeps()->trials()->rowCount(), 2);
        QVERIFY(compare->sweeps()->summary()->text().startsWith(QStringLiteral("Selected trial")));
        QVERIFY(!compare->sweeps()->resumeButton()->isEnabled());
        QVERIFY(!compare->sweeps()->parameterChart()->chart()->series().isEmpty());
        screenshot(&w, QStringLiteral("compare-sweeps"));
    }

    void aPluginModelIsEditedTrainedAndAudited()
    {
#ifndef RECSCOPE_PLUGIN_DIR
        QSKIP("built without the example plugins");
#else
        // The EASE and metrics plugins as the workbench loads them at start-up.
        core::Registry registry;
        core::registerBuiltins(registry);
        const std::vector<std::filesystem::path> path{RECSCOPE_PLUGIN_DIR};
        const auto plugins = core::loadPlugins(registry, path);
        app::MainWindow w(registry);
        w.setPlugins(plugins, path);
        w.resize(1366, 768);
        w.show();
        QFile f(m_dir.filePath(QStringLiteral("plugin-test.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"name": "plugin-test", "dataset": {"synthetic": {"users": 400, "items": 300, "seed": 3}}, "device": "cpu",
                    "eval": {"metrics": ["NDCG", "F1"], "ks": [10]}, "models": [{"id": "pop"}]})");
        f.close();
        QVERIFY(w.openProject(f.fileName()));
        QTRY_VERIFY_WITH_TIMEOUT(w.datasetView()->chartsComplete(), 30000);

        // The plugin model gets the generated parameter form like a built-in one.
        w.experimentView()->addModel(QStringLiteral("ease"));
        QCOMPARE(w.experimentView()->modelList()->count(), 2);
        w.experimentView()->modelList()->setCurrentRow(1);
        auto *reg = qobject_cast<QLineEdit *>(
            w.experimentView()->paramForm()->field(QStringLiteral("reg")));
        QVERIFY(reg);
        reg->selectAll();
        QTest::keyClicks(reg, QStringLiteral("100"));
        w.experimentView()->modelList()->setCurrentRow(0);
        QCOMPARE(w.experimentView()->spec().models[1].params.getFloat("reg"), 100.0);

        // Trained and evaluated (with the plugin metric), then audited, through the window.
        QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
        w.train();
        QVERIFY(finished.wait(120000));
        const auto runs = core::ProjectStore(w.database()).runs();
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[1].model, std::string("ease"));
        QCOMPARE(runs[1].status, core::RunStatus::Finished);
        QVERIFY(core::ProjectStore(w.database()).finalMetrics(runs[1].id, "test").count("F1@10"));
        core::AuditConfig audit;
        audit.bootstrap = 50;
        w.auditRun(runs[1].id, audit);
        QTRY_VERIFY_WITH_TIMEOUT(!core::ProjectStore(w.database()).audits(runs[1].id).empty(),
                                 60000);
        QTRY_VERIFY_WITH_TIMEOUT(w.auditView()->groupChart() != nullptr, 10000);
#endif
    }

    void cancelStopsTheRunAndKeepsTheDatabaseSound()
    {
        app::MainWindow w(m_registry);
        // BPR gets far more epochs than it can finish, so the cancel always lands mid-run.
        QFile f(m_dir.filePath(QStringLiteral("long.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(kSpec).replace(R"("epochs": 4)", R"("epochs": 5000, "patience": 0)"));
        f.close();
        QVERIFY(w.openProject(f.fileName(), m_dir.filePath(QStringLiteral("cancel.db"))));
        QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
        QSignalSpy started(w.jobs(), &app::JobController::runStarted);
        w.train();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() >= 2, 60000); // BPR has begun
        w.cancelRunning();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.front().at(1).value<core::RunStatus>(), core::RunStatus::Cancelled);
        core::ProjectStore store(w.database());
        const auto runs = store.runs();
        QCOMPARE(runs.front().status, core::RunStatus::Finished); // Pop finished before the cancel
        QCOMPARE(runs.size(), std::size_t(2));                    // SASRec never started
        QVERIFY2(runs.back().status == core::RunStatus::Cancelled,
                 (runs.back().label + " is " + core::runStatusName(runs.back().status) + ": "
                  + runs.back().message)
                     .c_str());
        QVERIFY(!store.finalMetrics(runs.front().id, "test").empty());
    }

    void resumeContinuesACancelledRun()
    {
        app::MainWindow w(m_registry);
        QFile f(m_dir.filePath(QStringLiteral("resume.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QByteArray(kSpec)
                .replace(R"({"id": "pop"},)", "")
                .replace(R"("epochs": 4)", R"("epochs": 300, "patience": 0, "eval_every": 25)"));
        f.close();
        QVERIFY(w.openProject(f.fileName(), m_dir.filePath(QStringLiteral("resume.db"))));
        QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
        QSignalSpy samples(w.jobs(), &app::JobController::samplesArrived);
        w.train();
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 2, 60000); // a checkpoint exists after epoch 1
        auto *jobTable = w.findChild<QTableWidget *>(QStringLiteral("jobTable"));
        QVERIFY(QRegularExpression(QStringLiteral("^#\\d+ BPR-MF · \\d+%$"))
                    .match(jobTable->item(0, 2)->text())
                    .hasMatch());
        w.cancelRunning();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.takeFirst().at(1).value<core::RunStatus>(), core::RunStatus::Cancelled);
        const qint64 runId = w.dashboard()->shownRun();
        {
            core::ProjectStore store(w.database());
            QCOMPARE(store.run(runId).status, core::RunStatus::Cancelled);
            QVERIFY(store.run(runId).epochs < 300);
        }
        QVERIFY(w.dashboard()
                    ->findChild<QPushButton *>(QStringLiteral("dashboardResume"))
                    ->isVisibleTo(w.dashboard()));
        w.show();
        screenshot(&w, QStringLiteral("training-cancelled"));

        w.resumeRun(runId);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.takeFirst().at(1).value<core::RunStatus>(), core::RunStatus::Finished);
        core::ProjectStore store(w.database());
        QCOMPARE(store.runs().size(), std::size_t(1)); // the same run continued; a resume does not
                                                       // start the rest of the experiment
        const auto record = store.run(runId);
        QCOMPARE(record.status, core::RunStatus::Finished);
        QCOMPARE(record.epochs, 300);
        QVERIFY(!store.finalMetrics(runId, "test").empty());
        int losses = 0;
        for (const auto &m : store.epochMetrics(runId))
            losses += m.name == "train/loss";
        QCOMPARE(losses, 300);
        // The dashboard shows the whole curve: epochs before the cancel come from the database.
        QCOMPARE(w.dashboard()->shownRun(), runId);
        int plotted = 0;
        for (auto *s : w.dashboard()->lossChart()->chart()->series())
            plotted += int(static_cast<QXYSeries *>(s)->count());
        QVERIFY2(plotted >= 150,
                 qPrintable(QString::number(plotted))); // min/max decimation may halve 300 points
        QVERIFY(!w.dashboard()
                     ->findChild<QPushButton *>(QStringLiteral("dashboardResume"))
                     ->isVisibleTo(w.dashboard()));

        // A new window reads the same curves back from the database.
        app::MainWindow again(m_registry);
        QVERIFY(again.openProject(f.fileName(), m_dir.filePath(QStringLiteral("resume.db"))));
        again.openRunCurves(runId);
        QCOMPARE(again.dashboard()->shownRun(), runId);
        QVERIFY(again.dashboard()->plottedPoints() >= 150);
        again.tabs()->setCurrentWidget(again.dashboard());
        again.show();
        screenshot(&again, QStringLiteral("training-resumed"));

        // Deleting the run hides it at once; undo brings it back; closing the project removes it
        // from the database with its checkpoint file.
        const auto checkpoint = store.artifacts(runId).at(0).second;
        QVERIFY(std::filesystem::exists(checkpoint));
        QVERIFY(again.deleteRun(runId));
        QCOMPARE(again.compareView()->model()->rowCount(), 0);
        QVERIFY(!again.dashboard()->hasRun(runId));
        QCOMPARE(store.runs().size(), std::size_t(1));
        again.document()->undoStack()->undo();
        QCOMPARE(again.compareView()->model()->rowCount(), 1);
        again.document()->undoStack()->redo();
        QCOMPARE(again.compareView()->model()->rowCount(), 0);
        QVERIFY(again.close());
        QVERIFY(store.runs().empty());
        QVERIFY(!std::filesystem::exists(checkpoint));
    }
};

QTEST_MAIN(tst_Workbench)
#include "tst_workbench.moc"
