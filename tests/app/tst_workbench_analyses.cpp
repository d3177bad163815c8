// SPDX-License-Identifier: MIT
// The workbench's analyses end to end: attention and concepts of trained models, robustness
// across attack sizes, a project of a hundred runs opened without freezing, and runs another
// process writes while the window is open.
#include "fake_runs.h"
#include "job_controller.h"
#include "main_window.h"
#include "project_document.h"
#include "test_support.h"
#include "views/charts/chart_view.h"
#include "views/dialogs/report_dialog.h"
#include "views/models/run_table_model.h"
#include "views/widgets/attention_inspector.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/concept_browser.h"
#include "views/widgets/concept_details.h"
#include "views/widgets/dataset_overview.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/extraction_view.h"
#include "views/widgets/feedback_loop_view.h"
#include "views/widgets/heatmap_view.h"
#include "views/widgets/run_dashboard.h"
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
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QTreeWidget>

#include <algorithm>
#include <ctime>

using namespace recscope;
using namespace workbench_test;

class tst_WorkbenchAnalyses : public QObject
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
    void inspectsWhatTrainedModelsAttendTo()
    {
        // A CTR project (DARE) and a ranking project (SASRec), each trained through the window;
        // the Attention tab then shows DARE's search and SASRec's heatmap.
        auto trainProject = [&](app::MainWindow &w, const QString &name, const QByteArray &json) {
            QFile f(m_dir.filePath(name + QStringLiteral(".json")));
            f.open(QIODevice::WriteOnly);
            f.write(json);
            f.close();
            w.resize(1366, 768);
            w.show();
            QVERIFY(w.openProject(f.fileName()));
            QCOMPARE(w.experimentView()->spec().task,
                     json.contains("\"ctr\"") ? core::TaskKind::Ctr : core::TaskKind::Ranking);
            QSignalSpy finished(w.jobs(), &app::JobController::jobFinished);
            w.train();
            QVERIFY(finished.wait(240000));
            QCOMPARE(finished.front().at(1).value<core::RunStatus>(), core::RunStatus::Finished);
        };
        app::MainWindow ctr(m_registry);
        trainProject(ctr,
                     QStringLiteral("ctr"),
                     R"({"name": "ctr", "task": "ctr", "ctr": {"max_history": 40},
            "dataset": {"synthetic": {"users": 200, "items": 150, "mean_length": 30}}, "device": "cpu",
            "models": [{"id": "dare", "params": {"epochs": 2, "top_k": 8}}]})");
        const qint64 dareRun = core::ProjectStore(ctr.database()).runs().back().id;
        ctr.inspectRun(dareRun);
        ctr.tabs()->setCurrentWidget(ctr.inspectorView());
        QTRY_VERIFY_WITH_TIMEOUT(ctr.inspectorView()->weightChart() != nullptr, 60000);
        QVERIFY(ctr.inspectorView()->scoreChart()->chart()->series().size()
                >= 3); // scores, rep scores, retrieved, relevant
        QVERIFY(ctr.inspectorView()->aggregateChart() != nullptr);
        QVERIFY(ctr.inspectorView()->numbersCsv().count(QLatin1Char('\n')) > 5);
        const QString svg = m_dir.filePath(QStringLiteral("attention.svg"));
        QVERIFY(ctr.inspectorView()->exportPicture(svg));
        QVERIFY(QFileInfo(svg).size() > 1000);
        screenshot(&ctr, QStringLiteral("attention-ctr"));

        app::MainWindow ranking(m_registry);
        trainProject(ranking,
                     QStringLiteral("seq"),
                     R"({"name": "seq", "dataset": {"synthetic": {"users": 200, "items": 150}},
            "eval": {"metrics": ["NDCG"], "ks": [10]}, "device": "cpu",
            "models": [{"id": "sasrec", "params": {"epochs": 2, "max_len": 20, "n_heads": 2, "hidden_size": 16}}]})");
        ranking.inspectRun(core::ProjectStore(ranking.database()).runs().back().id);
        ranking.tabs()->setCurrentWidget(ranking.inspectorView());
        QTRY_VERIFY_WITH_TIMEOUT(ranking.inspectorView()->heatmap()->rows() > 1, 60000);
        QVERIFY(ranking.inspectorView()->heatmap()->rows() <= 20);
        screenshot(&ranking, QStringLiteral("attention-heatmap"));
        QVERIFY2(ranking.minimumSizeHint().width() <= 1366,
                 qPrintable(
                     QString::number(ranking.minimumSizeHint().width()))); // fits a 1366×768 screen

        // A RecSAE probe of the SASRec run, trained as a job, then browsed, filtered, steered.
        core::SaeConfig probe;
        probe.epochs = 3;
        probe.scale = 4;
        QSignalSpy probed(ranking.jobs(), &app::JobController::jobFinished);
        ranking.startProbe(core::ProjectStore(ranking.database()).runs().back().id, probe);
        QVERIFY(probed.wait(120000));
        QCOMPARE(probed.front().at(1).value<core::RunStatus>(), core::RunStatus::Finished);
        auto *concepts = ranking.conceptView();
        ranking.tabs()->setCurrentWidget(concepts);
        QTRY_VERIFY_WITH_TIMEOUT(concepts->table()->model()->rowCount() > 0, 60000);
        concepts->confidentOnly()->setChecked(false);
        concepts->filter()->setText(QStringLiteral("genre"));
        const auto *rows = concepts->table()->model();
        QVERIFY(rows->rowCount() > 0);
        for (int r = 0; r < rows->rowCount(); ++r)
            QVERIFY(rows->index(r, 1).data().toString().contains(QStringLiteral("genre"),
                                                                 Qt::CaseInsensitive));
        const int latent = rows->index(0, 0).data(Qt::UserRole).toInt();
        QVERIFY(concepts->selectLatent(latent));
        QVERIFY(concepts->details()->examples()->topLevelItemCount() > 0);
        QVERIFY(concepts->details()->histogram() && concepts->details()->enrichment());
        const auto steered = concepts->details()->steer(3.0);
        QVERIFY(!steered.rows.empty());
        QCOMPARE(concepts->details()->steerTable()->rowCount(), 10);
        const QString json = m_dir.filePath(QStringLiteral("concepts.json"));
        QVERIFY(concepts->exportDictionary(json));
        QFile exported(json);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(exported.readAll()).array().size(),
                 16 * 4); // every latent of d 16 × scale 4
        screenshot(&ranking, QStringLiteral("concepts"));

        // An audit of the same run, off the GUI thread, then its fairness and bias views.
        core::AuditConfig auditConfig;
        auditConfig.bootstrap = 100;
        auto *audit = ranking.auditView();
        const auto audited = core::ProjectStore(ranking.database()).runs().front().id;
        ranking.auditRun(audited, auditConfig); // cancelled at once: nothing is stored
        audit->findChild<QPushButton *>(QStringLiteral("auditCancel"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!audit->findChild<QPushButton *>(QStringLiteral("auditButton"))
                                      ->isHidden(),
                                 60000);
        QVERIFY(audit->findChild<QLabel *>(QStringLiteral("auditInfo"))
                    ->text()
                    .startsWith(QStringLiteral("Cancelled")));
        QVERIFY(core::ProjectStore(ranking.database()).audits(audited).empty());
        ranking.auditRun(audited, auditConfig);
        ranking.tabs()->setCurrentWidget(ranking.auditLab());
        ranking.auditLab()->setCurrentWidget(audit);
        QTRY_VERIFY_WITH_TIMEOUT(audit->groupChart() != nullptr, 60000);
        QVERIFY(audit->gapChart() && audit->tradeoffChart() && audit->lorenzChart()
                && audit->tailChart());
        QVERIFY(audit->numbersCsv().contains(QStringLiteral("consumer,NDCG@10,g0,")));
        QVERIFY(audit->numbersCsv().contains(QStringLiteral("bias,GiniRecBole,")));
        const QString auditSvg = m_dir.filePath(QStringLiteral("audit.svg"));
        QVERIFY(audit->exportPicture(auditSvg));
        QVERIFY(QFileInfo(auditSvg).size() > 1000);
        screenshot(&ranking, QStringLiteral("audit"));
        audit->findChild<QTabWidget *>()->setCurrentIndex(1);
        screenshot(&ranking, QStringLiteral("audit-bias"));
        QVERIFY2(ranking.minimumSizeHint().width() <= 1366,
                 qPrintable(QString::number(ranking.minimumSizeHint().width())));

        // The source feedback loop on the same run's data, off the GUI thread, then its lines.
        const auto seqRun = core::ProjectStore(ranking.database()).runs().front().id;
        auto *loop = ranking.loopView();
        ranking.auditLab()->setCurrentWidget(loop);
        core::FeedbackLoopConfig loopConfig;
        loopConfig.rounds = 3;
        loopConfig.epochs = 1;
        ranking.simulateLoop(seqRun, loopConfig);
        QVERIFY(loop->findChild<QPushButton *>(QStringLiteral("loopCancel"))->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(loop->biasChart() != nullptr, 60000);
        QVERIFY(!loop->findChild<QPushButton *>(QStringLiteral("loopCancel"))->isVisible());
        QCOMPARE(loop->biasChart()->chart()->series().size(), 3); // plain, debiased, the zero line
        QCOMPARE(static_cast<QXYSeries *>(loop->clickChart()->chart()->series().front())
                     ->points()
                     .size(),
                 3);
        QCOMPARE(loop->findChild<QTableWidget *>(QStringLiteral("loopTable"))->rowCount(), 6);
        QVERIFY(loop->numbersCsv().startsWith(QStringLiteral("arm,round,phase,")));
        QVERIFY(loop->exportPicture(m_dir.filePath(QStringLiteral("loop.svg"))));
        screenshot(&ranking, QStringLiteral("audit-loop"));

        // Extraction of the SASRec run: a long one is cancelled and stores nothing, then a short
        // one draws agreement against the budget.
        auto *extraction = ranking.extractionView();
        ranking.auditLab()->setCurrentWidget(extraction);
        core::ExtractionConfig extract;
        extract.budgets = {300, 900};
        extract.epochs = 3;
        extract.evalUsers = 100;
        extract.listLength = 50;
        core::ExtractionConfig slow = extract;
        slow.budgets = {2000000};
        ranking.extractRun(seqRun, slow);
        extraction->findChild<QPushButton *>(QStringLiteral("extractionCancel"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(extraction->findChild<QLabel *>(QStringLiteral("extractionInfo"))
                                     ->text()
                                     .startsWith(QStringLiteral("Cancelled")),
                                 60000);
        QVERIFY(core::ProjectStore(ranking.database())
                    .audits(seqRun, core::AnalysisKind::Extraction)
                    .empty());
        ranking.extractRun(seqRun, extract);
        QTRY_VERIFY_WITH_TIMEOUT(extraction->budgetChart() != nullptr, 120000);
        QCOMPARE(extraction->budgetChart()->chart()->series().size(), 3); // one line per variant
        QCOMPARE(extraction->findChild<QTableWidget *>(QStringLiteral("extractionTable"))
                     ->rowCount(),
                 6);
        QVERIFY(extraction->numbersCsv().contains(QStringLiteral("augmented+repair,900,900,")));
        screenshot(&ranking, QStringLiteral("audit-extraction"));

        // The report builder over everything above: previewed off the GUI thread, exported as
        // HTML (vector charts), PDF and JSON.
        auto *report = ranking.openReport();
        QVERIFY(report);
        QSignalSpy ready(report, &views::ReportDialog::previewReady);
        QVERIFY(ready.wait(60000));
        QVERIFY2(report->previewCharts() >= 6,
                 qPrintable(QString::number(
                     report->previewCharts()))); // metrics, curves, audit, loop ×3, extraction
        const QString preview = report->preview()->toPlainText();
        for (const char *text : {"Runs and test metrics",
                                 "Fairness and popularity bias",
                                 "Source bias in a feedback loop",
                                 "Model extraction",
                                 "Attention",
                                 "Concept dictionaries",
                                 "Environment and versions"})
            QVERIFY2(preview.contains(QLatin1String(text)), text);
        const QString html = m_dir.filePath(QStringLiteral("report.html")),
                      pdf = m_dir.filePath(QStringLiteral("report.pdf"));
        QVERIFY(report->exportTo(html));
        QVERIFY(report->exportTo(pdf));
        QVERIFY(report->exportTo(m_dir.filePath(QStringLiteral("report.json"))));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray pdfBytes = pdfFile.readAll();
        QVERIFY(pdfBytes.startsWith("%PDF"));
        // Pages of its own: page objects are "/Type /Page" (the page tree is "/Type /Pages").
        const qsizetype pages = QString::fromLatin1(pdfBytes).count(
            QRegularExpression(QStringLiteral("/Type\\s*/Page\\b(?!s)")));
        QVERIFY2(pages > 1, qPrintable(QString::number(pages)));
        QString error;
        QVERIFY(!report->exportTo(m_dir.filePath(QStringLiteral("report.docx")), &error));
        QVERIFY2(error.contains(QStringLiteral(".html, .pdf, .json or .csv")), qPrintable(error));
        screenshot(report, QStringLiteral("report"));
        report->close();
    }

    void showsRobustnessAcrossAttackSizes()
    {
        // Three experiments of one project: clean, and bandwagon attacks of 2% and 5% fake users,
        // each training BPR and VAT; the Audit tab's robustness page draws T-HR@50 against size.
        const QString spec = m_dir.filePath(QStringLiteral("robust.json"));
        const std::string db = m_dir.filePath(QStringLiteral("robust.db")).toStdString();
        {
            core::ProjectStore store(db);
            core::ExperimentRunner runner(m_registry, store);
            struct Quiet final : core::RunObserver
            {
            } quiet;
            for (const char *attack : {R"("none", "fake_user_share": 0)",
                                       R"("bandwagon", "fake_user_share": 0.02)",
                                       R"("bandwagon", "fake_user_share": 0.05)"}) {
                std::string json
                    = R"({"name": "r", "dataset": {"synthetic": {"users": 300, "items": 200}}, "device": "cpu",
                    "eval": {"metrics": ["NDCG"], "ks": [10]}, "attack": {"kind": ATTACK},
                    "models": [{"id": "bpr", "params": {"epochs": 5}}, {"id": "vat_bpr", "params": {"epochs": 5, "adv_start": 1}}]})";
                json.replace(json.find("ATTACK"), 6, attack);
                const auto r
                    = runner.run(core::ExperimentSpec::fromJson(json, m_registry), {}, quiet);
                QCOMPARE(r.runs.size(), std::size_t(2));
                QVERIFY(r.runs[1].test.count("T-HR@50"));
            }
            QFile f(spec);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(
                core::ExperimentSpec::fromJson(R"({"name": "r", "models": [{"id": "bpr"}]})",
                                               m_registry)
                    .toJson()));
        }
        app::MainWindow w(m_registry);
        w.resize(1366, 768);
        w.show();
        QVERIFY(w.openProject(spec, QString::fromStdString(db)));
        auto *audit = w.auditView();
        QVERIFY(audit->attackChart());
        // Two lines (BPR and VAT under bandwagon), each from the clean point at 0% to 5%.
        const auto series = audit->attackChart()->chart()->series();
        QCOMPARE(series.size(), 2);
        for (auto *s : series) {
            const auto points = static_cast<QXYSeries *>(s)->points();
            QCOMPARE(points.size(), 3);
            QCOMPARE(points.front().x(), 0.0);
            QCOMPARE(points.back().x(), 5.0);
        }
        QVERIFY(audit->defenceChart());
        w.tabs()->setCurrentWidget(w.auditLab());
        audit->findChild<QTabWidget *>()->setCurrentIndex(3);
        screenshot(&w, QStringLiteral("audit-robustness"));
    }

    void opensAProjectWithHundredRunsResponsively()
    {
        const QString db = m_dir.filePath(QStringLiteral("many.db"));
        addFakeRuns(db.toStdString(), 100, 100);
        app::MainWindow w(m_registry);
        w.resize(1366, 768);
        w.show();
        EventLoopWatch watch(5);
        QVERIFY(w.openProject(m_dir.filePath(QStringLiteral("gui-test.json")), db));
        QVERIFY(w.datasetView()->charts().isEmpty()); // the dataset loads on a worker thread
        QTRY_VERIFY_WITH_TIMEOUT(w.datasetView()->chartsComplete(), 30000);
        auto *compare = w.compareView();
        QCOMPARE(compare->model()->rowCount(), 100);
        QCOMPARE(compare->model()->checkedRuns().size(),
                 std::size_t(views::CompareView::kAutoTicks)); // the newest ten
        for (const auto &r : compare->model()->runs())
            compare->model()->setChecked(r.run.id, true);
        w.tabs()->setCurrentWidget(compare);
        QTRY_COMPARE(static_cast<QAbstractBarSeries *>(
                         compare->barChart()->chart()->series().front())
                         ->count(),
                     views::CompareView::kMaxChartedRuns);
        QVERIFY(
            compare->findChild<QLabel *>(QStringLiteral("compareChartNote"))->isVisibleTo(compare));
        QCOMPARE(compare->curveChart()->chart()->series().size(),
                 views::CompareView::kMaxChartedRuns);
        QTest::qWait(50);
        watch.stop();
        qInfo("longest event-loop turn opening 100 runs: %s", qPrintable(watch.describe()));
        QVERIFY2(watch.responsive(),
                 qPrintable(QStringLiteral("the GUI froze: ") + watch.describe()));
        screenshot(&w, QStringLiteral("compare-many"));
    }

    // recscope-cli writes to the project the window has open: the window shows the runs it adds
    // (a finished one, then a running one with its curves growing) and, after a kill -9, shows
    // the killed run as interrupted, all without a reload.
    void picksUpRunsAnotherProcessWrites()
    {
        QFile spec(m_dir.filePath(QStringLiteral("cli-writes.json")));
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write(R"({"name": "cli-writes",
  "dataset": {"format": "synthetic", "synthetic": {"users": 300, "items": 200, "mean_length": 20, "seed": 5}},
  "eval": {"metrics": ["NDCG"], "ks": [10]}, "device": "cpu",
  "models": [{"id": "pop"}, {"id": "bpr", "params": {"epochs": 1000, "batch_size": 16, "patience": 0}}]})");
        spec.close();
        const QString db = m_dir.filePath(QStringLiteral("cli-writes.db"));
        app::MainWindow w(m_registry);
        w.resize(1366, 768);
        w.show();
        QVERIFY(w.openProject(spec.fileName(), db));
        QCOMPARE(w.compareView()->model()->rowCount(), 0);

        QProcess cli;
        cli.setProcessChannelMode(QProcess::ForwardedChannels);
        cli.start(QStringLiteral(RECSCOPE_CLI),
                  {QStringLiteral("run"),
                   spec.fileName(),
                   QStringLiteral("--db"),
                   db,
                   QStringLiteral("--quiet")});
        QVERIFY(cli.waitForStarted());
        auto status = [&](int row) {
            const auto &runs = w.compareView()->model()->runs();
            return int(runs.size()) > row ? core::runStatusName(runs[row].run.status) : "";
        };
        QTRY_COMPARE_WITH_TIMEOUT(std::string(status(1)), std::string("running"), 60000);
        QCOMPARE(std::string(status(0)), std::string("finished"));
        const qint64 bpr = w.compareView()->model()->runs()[1].run.id;
        w.openRunCurves(bpr);
        const int firstSeen = w.dashboard()->lastEpoch(bpr);
        QTRY_VERIFY_WITH_TIMEOUT(w.dashboard()->lastEpoch(bpr) >= firstSeen + 2,
                                 30000); // the curves grow
        QVERIFY2(w.dashboard()->statusText().contains(QStringLiteral("running in another process")),
                 qPrintable(w.dashboard()->statusText()));
        w.tabs()->setCurrentWidget(w.dashboard());
        screenshot(&w, QStringLiteral("training-elsewhere"));

        cli.kill(); // SIGKILL: the run stays "running" in the database, its process gone
        QVERIFY(cli.waitForFinished());
        QTRY_COMPARE_WITH_TIMEOUT(std::string(status(1)), std::string("interrupted"), 10000);
        QTRY_VERIFY2(w.dashboard()->statusText().contains(QStringLiteral("interrupted")),
                     qPrintable(w.dashboard()->statusText()));
        screenshot(&w, QStringLiteral("training-elsewhere-killed"));
    }
};

QTEST_MAIN(tst_WorkbenchAnalyses)
#include "tst_workbench_analyses.moc"
