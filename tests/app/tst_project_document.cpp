// SPDX-License-Identifier: MIT
// The project document under the window: undo and redo of spec edits, run deletion that stays
// undoable until the project is saved or closed, one selected run shared by every view, and one
// colour per run in every chart, table and report.
#include "fake_runs.h"
#include "main_window.h"
#include "project_document.h"
#include "project_tree.h"
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/models/run_table_model.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/compare_view.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/run_dashboard.h"

#include <recscope/core/builtins.h>
#include <recscope/core/registry.h>
#include <recscope/core/report.h>
#include <recscope/core/run_colour.h>
#include <recscope/core/store.h>

#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QXYSeries>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtGui/QIcon>
#include <QtGui/QUndoStack>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

#include <filesystem>
#include <fstream>

using namespace recscope;

namespace {

const char *kSpec = R"({
  "name": "document-test",
  "dataset": {"format": "synthetic", "synthetic": {"users": 60, "items": 40, "mean_length": 8, "seed": 5}},
  "eval": {"metrics": ["NDCG"], "ks": [10]},
  "device": "cpu",
  "models": [{"id": "pop", "label": "Pop"}, {"id": "bpr", "params": {"epochs": 2}}]
})";

QColor barColour(views::ChartView *chart, const QString &name)
{
    for (auto *s : chart->chart()->series())
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
            for (auto *set : bars->barSets())
                if (set->label() == name)
                    return set->color();
    return {};
}

QColor seriesColour(views::ChartView *chart, const QString &name)
{
    for (auto *s : chart->chart()->series())
        if (s->name() == name)
            return static_cast<QXYSeries *>(s)->color();
    return {};
}

core::AuditReport auditOf(std::int64_t runId, double shift)
{
    core::AuditReport r;
    r.runId = runId;
    r.label = "run " + std::to_string(runId);
    r.attribute = "gender";
    core::ConsumerMetric m;
    m.metric = "NDCG@10";
    m.groups = {{"F", 30, 0.10 + shift, 0.08 + shift, 0.12 + shift},
                {"M", 30, 0.12 + shift, 0.10 + shift, 0.14 + shift}};
    m.gap = 0.02;
    r.consumer = {m};
    r.attacker.accuracy = 0.6 + shift;
    return r;
}

} // namespace

class tst_ProjectDocument : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    core::Registry m_registry;
    QString m_spec;

    /// A window on the spec with a database holding `runs` fake finished runs.
    bool open(app::MainWindow &w, const QString &db, int runs)
    {
        addFakeRuns(db.toStdString(), runs, 4);
        w.resize(1200, 760);
        w.show();
        return w.openProject(m_spec, db);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        core::registerBuiltins(m_registry);
        m_spec = m_dir.filePath(QStringLiteral("document.json"));
        QFile f(m_spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kSpec);
    }

    void undoesAndRedoesSpecEdits()
    {
        app::MainWindow w(m_registry);
        QVERIFY(open(w, m_dir.filePath(QStringLiteral("edits.db")), 0));
        auto *doc = w.document();
        QVERIFY(!doc->isModified());
        QVERIFY(!w.isWindowModified());

        // Typing a label is one undo step, however many keys it took.
        w.experimentView()->modelList()->setCurrentRow(0);
        auto *label = w.experimentView()->findChild<QLineEdit *>(QStringLiteral("modelLabel"));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("Pop"));
        QTest::keyClicks(label, QStringLiteral("ular"));
        QCOMPARE(w.experimentView()->spec().models.at(0).label, std::string("Popular"));
        QCOMPARE(doc->undoStack()->count(), 1);
        QVERIFY(doc->isModified());
        QVERIFY(w.isWindowModified());

        doc->undoStack()->undo();
        QCOMPARE(w.experimentView()->spec().models.at(0).label, std::string("Pop"));
        QVERIFY(!doc->isModified()); // back where the file is
        QVERIFY(!w.isWindowModified());
        doc->undoStack()->redo();
        QCOMPARE(w.experimentView()->spec().models.at(0).label, std::string("Popular"));
        QVERIFY(w.isWindowModified());

        // Saving makes the document clean; undoing past the save modifies it again.
        const QString saved = m_dir.filePath(QStringLiteral("saved.json"));
        QVERIFY(w.saveProject(saved));
        QVERIFY(!w.isWindowModified());
        doc->undoStack()->undo();
        QVERIFY(w.isWindowModified());
        QCOMPARE(doc->spec().models.at(0).label, std::string("Pop"));
        doc->undoStack()->redo();
        QVERIFY(!w.isWindowModified());
    }

    void deletesRunsUndoablyUntilSaved()
    {
        const QString db = m_dir.filePath(QStringLiteral("delete.db"));
        app::MainWindow w(m_registry);
        QVERIFY(open(w, db, 3));
        core::ProjectStore store(db.toStdString());
        const auto runs = store.runs();
        QCOMPARE(runs.size(), std::size_t(3));
        const qint64 victim = runs[1].id;
        const auto checkpoint // named as the runner names it: only such files are deleted
            = m_dir
                  .filePath(QStringLiteral("run-%1.%2.pt")
                                .arg(victim)
                                .arg(QString::fromStdString(store.projectId())))
                  .toStdString();
        std::ofstream(checkpoint) << "weights";
        store.addArtifact(victim, "checkpoint", checkpoint);
        QCOMPARE(w.compareView()->model()->rowCount(), 3);
        auto *tree = w.findChild<app::ProjectTree *>(QStringLiteral("projectTree"));
        auto treeRuns = [tree] {
            return tree->topLevelItem(2)->childCount(); // dataset, experiment, runs
        };
        QCOMPARE(treeRuns(), 3);
        w.openRunCurves(victim);
        QVERIFY(w.dashboard()->hasRun(victim));

        QVERIFY(w.deleteRun(victim));
        QCOMPARE(w.compareView()->model()->rowCount(), 2);
        QCOMPARE(treeRuns(), 2);
        QVERIFY(!w.dashboard()->hasRun(victim));
        QCOMPARE(store.runs().size(), std::size_t(3)); // only hidden
        QVERIFY(std::filesystem::exists(checkpoint));
        QCOMPARE(w.document()->undoStack()->undoText(),
                 QStringLiteral("delete run #%1 run 1").arg(victim));
        w.document()->undoStack()->undo();
        QCOMPARE(w.compareView()->model()->rowCount(), 3);
        QCOMPARE(treeRuns(), 3);
        w.openRunCurves(victim);
        QVERIFY(w.dashboard()->hasRun(victim));
        w.document()->undoStack()->redo(); // hidden again, from every view
        QCOMPARE(w.compareView()->model()->rowCount(), 2);
        QVERIFY(!w.dashboard()->hasRun(victim));

        // Saving makes it final: rows and checkpoint go, and the deletion is no longer undoable.
        QVERIFY(w.saveProject(m_dir.filePath(QStringLiteral("delete.json"))));
        QCOMPARE(store.runs().size(), std::size_t(2));
        QVERIFY(!std::filesystem::exists(checkpoint));
        QCOMPARE(w.document()->undoStack()->count(), 0);
        QCOMPARE(w.compareView()->model()->rowCount(), 2);

        // Opening another spec (or a new one) closes the project: that makes it final too.
        QVERIFY(w.deleteRun(runs[0].id));
        w.document()->resetSpec(w.document()->spec(), w.document()->specFile(), true);
        QCOMPARE(store.runs().size(), std::size_t(1));
        QCOMPARE(w.compareView()->model()->rowCount(), 1);

        // Closing does too, without asking.
        QVERIFY(w.deleteRun(runs[2].id));
        QVERIFY(w.close());
        QVERIFY(store.runs().empty());
    }

    void oneRunIsSelectedInEveryView()
    {
        app::MainWindow w(m_registry);
        QVERIFY(open(w, m_dir.filePath(QStringLiteral("select.db")), 3));
        const auto runs = core::ProjectStore(w.database()).runs();
        auto *tree = w.findChild<app::ProjectTree *>(QStringLiteral("projectTree"));
        QVERIFY(tree);

        // Picking a run in the project tree selects its row in the compare table and shows its
        // curves.
        QTreeWidgetItem *second = nullptr;
        for (auto *item :
             tree->findItems(QStringLiteral("*"), Qt::MatchWildcard | Qt::MatchRecursive))
            if (item->data(0, app::ProjectTree::kRunIdRole).toLongLong() == runs[1].id)
                second = item;
        QVERIFY(second);
        tree->setCurrentItem(second);
        QCOMPARE(w.document()->selectedRun(), runs[1].id);
        const QModelIndex row = w.compareView()->table()->currentIndex();
        QCOMPARE(row.data(views::RunTableModel::RunIdRole).toLongLong(), runs[1].id);
        QVERIFY(w.compareView()->table()->selectionModel()->isRowSelected(row.row(), {}));
        QCOMPARE(w.dashboard()->shownRun(), runs[1].id);

        // And back: a row of the compare table becomes the tree's current run.
        auto *table = w.compareView()->table();
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(views::RunTableModel::RunIdRole).toLongLong()
                == runs[2].id)
                table->setCurrentIndex(table->model()->index(r, 1));
        QCOMPARE(w.document()->selectedRun(), runs[2].id);
        QCOMPARE(tree->currentItem()->data(0, app::ProjectTree::kRunIdRole).toLongLong(),
                 runs[2].id);
        QCOMPARE(w.dashboard()->shownRun(), runs[2].id);

        // A deleted run is selected nowhere.
        QVERIFY(w.deleteRun(runs[2].id));
        QCOMPARE(w.document()->selectedRun(), 0);
        QVERIFY(!tree->currentItem()
                || tree->currentItem()->data(0, app::ProjectTree::kRunIdRole).toLongLong() == 0);
    }

    void aRunKeepsOneColourEverywhere()
    {
        // The palette is Tableau 10, by run id: #1 the first colour, #11 the same again.
        QCOMPARE(QString::fromLatin1(core::runColour(1)), QStringLiteral("#4E79A7"));
        QCOMPARE(QString::fromLatin1(core::runColour(2)), QStringLiteral("#F28E2B"));
        QCOMPARE(QString::fromLatin1(core::runColour(11)), QStringLiteral("#4E79A7"));

        app::MainWindow w(m_registry);
        QVERIFY(open(w, m_dir.filePath(QStringLiteral("colour.db")), 3));
        const auto runs = core::ProjectStore(w.database()).runs();
        auto name = [&](std::size_t k) {
            return QStringLiteral("#%1 %2")
                .arg(runs[k].id)
                .arg(QString::fromStdString(runs[k].label));
        };
        QTRY_VERIFY(w.compareView()->barChart() != nullptr);
        QTRY_VERIFY(barColour(w.compareView()->barChart(), name(1)).isValid());
        for (std::size_t k = 0; k < runs.size(); ++k) {
            const QColor own = views::runColor(runs[k].id);
            QCOMPARE(barColour(w.compareView()->barChart(), name(k)), own);
            // The table's swatch has it too.
            const auto *model = w.compareView()->model();
            for (int r = 0; r < model->rowCount(); ++r)
                if (model->index(r, 0).data(views::RunTableModel::RunIdRole).toLongLong()
                    == runs[k].id) {
                    const auto icon = model->index(r, 0).data(Qt::DecorationRole).value<QIcon>();
                    QCOMPARE(icon.pixmap(12, 12).toImage().pixelColor(6, 6), own);
                }
        }

        // A run switched off in the legend stays off through a palette change, and comes back in
        // its colour.
        auto *bars = w.compareView()->barChart();
        QLegendMarker *marker = nullptr;
        for (auto *m : bars->chart()->legend()->markers())
            if (m->label() == name(0))
                marker = m;
        QVERIFY(marker);
        Q_EMIT marker->clicked();
        QCOMPARE(barColour(bars, name(0)).alpha(), 0);
        QPalette dark = qApp->palette();
        dark.setColor(QPalette::Window, QColor(30, 30, 30));
        bars->setPalette(dark);
        QCOMPARE(bars->chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(barColour(bars, name(0)).alpha(), 0);
        QCOMPARE(barColour(bars, name(1)), views::runColor(runs[1].id));
        Q_EMIT marker->clicked();
        QCOMPARE(barColour(bars, name(0)), views::runColor(runs[0].id));

        // The Audit page's side-by-side charts: the interval chart (dots and whiskers) and the
        // trade-off scatter draw each run in its colour, also after a palette change.
        auto *audit = w.auditView();
        audit->setReports(
            {{runs[0].id, auditOf(runs[0].id, 0)}, {runs[1].id, auditOf(runs[1].id, 0.05)}});
        QVERIFY(audit->showRun(runs[1].id));
        auto check = [&] {
            for (std::size_t k : {std::size_t(0), std::size_t(1)}) {
                const QString n = QStringLiteral("#%1 run %1").arg(runs[k].id);
                const QColor own = views::runColor(runs[k].id);
                if (seriesColour(audit->groupChart(), n) != own
                    || seriesColour(audit->tradeoffChart(), n) != own)
                    return false;
            }
            return true;
        };
        QVERIFY(check());
        if (const QByteArray dir = qgetenv("RECSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            w.auditLab()->setCurrentWidget(audit);
            w.tabs()->setCurrentWidget(w.auditLab());
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // replaced charts
            QCoreApplication::processEvents();
            w.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/audit-colours.png"));
        }
        audit->groupChart()->setPalette(dark);
        audit->tradeoffChart()->setPalette(dark);
        QCOMPARE(audit->groupChart()->chart()->theme(), QChart::ChartThemeDark);
        QVERIFY(check());

        // The report's curves and bars use the same colour.
        core::ReportConfig config;
        config.runs = {runs[0].id, runs[1].id};
        const auto html = core::renderHtmlReport(core::ProjectStore(w.database()), config);
        for (std::size_t k : {std::size_t(0), std::size_t(1)}) {
            const std::string colour = core::runColour(runs[k].id);
            QVERIFY(html.find("stroke=\"" + colour + "\"") != std::string::npos); // curves
            QVERIFY(html.find("fill=\"" + colour + "\"") != std::string::npos);   // bars, legends
        }
    }
};

QTEST_MAIN(tst_ProjectDocument)
#include "tst_project_document.moc"
