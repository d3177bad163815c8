// SPDX-License-Identifier: MIT
#include "test_support.h"
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/dialogs/csv_mapping_dialog.h"
#include "views/dialogs/kernels_dialog.h"
#include "views/dialogs/plugins_dialog.h"
#include "views/models/interaction_table_model.h"
#include "views/models/run_table_model.h"
#include "views/widgets/experiment_editor.h"
#include "views/widgets/param_form.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/kernels.h>
#include <recscope/core/registry.h>
#include <recscope/core/synthetic.h>
#include <recscope/sdk/metric.h>

#include <QtCharts/QValueAxis>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QTableWidget>

using namespace recscope;

namespace {

views::RunSnapshot snapshot(qint64 id, const std::string &label, double ndcg, double gini)
{
    views::RunSnapshot s;
    s.run.id = id;
    s.run.label = label;
    s.run.status = core::RunStatus::Finished;
    s.test = {{"NDCG@10", ndcg}, {"GiniIndex@10", gini}, {"users", 100}};
    return s;
}

} // namespace

class tst_Views : public QObject
{
    Q_OBJECT

    core::Registry m_registry;

private Q_SLOTS:
    void initTestCase() { core::registerBuiltins(m_registry); }

    void paramFormValidatesAsTyped()
    {
        views::ParamForm form;
        form.setSchema(m_registry.info("bpr")->params);
        QVERIFY(form.firstError().isEmpty());
        auto *lr = qobject_cast<QLineEdit *>(form.field(QStringLiteral("learning_rate")));
        QVERIFY(lr);
        QCOMPARE(lr->text(), QStringLiteral("0.001"));
        QSignalSpy edited(&form, &views::ParamForm::edited);
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("abc"));
        QVERIFY(edited.count() > 0);
        QVERIFY(form.firstError().startsWith(QStringLiteral("learning_rate: expected a number")));
        QVERIFY(!form.values().count("learning_rate")); // bad fields are left out
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("5")); // outside [1e-06, 1]
        QVERIFY(form.firstError().contains(QStringLiteral("must be in")));
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("1e-4"));
        QVERIFY(form.firstError().isEmpty());
        QCOMPARE(std::get<double>(form.values().at("learning_rate")), 1e-4);
        auto *epochs = qobject_cast<QLineEdit *>(form.field(QStringLiteral("epochs")));
        epochs->selectAll();
        QTest::keyClicks(epochs, QStringLiteral("2.5"));
        QCOMPARE(form.firstError(), QStringLiteral("epochs: expected a whole number"));
    }

    void editorRoundTripsTheQuickstartSpec()
    {
        const auto spec = core::ExperimentSpec::fromFile(std::filesystem::path(RECSCOPE_SOURCE_DIR)
                                                             / "projects" / "quickstart.json",
                                                         m_registry);
        views::ExperimentEditor editor(m_registry);
        editor.setSpec(spec);
        QCOMPARE(editor.modelList()->count(), int(spec.models.size()));
        // What the CLI runs, unchanged (compared line by line for a readable failure).
        const QStringList got
            = QString::fromStdString(editor.spec().toJson()).split(QLatin1Char('\n'));
        const QStringList want = QString::fromStdString(spec.toJson()).split(QLatin1Char('\n'));
        for (int k = 0; k < std::min(got.size(), want.size()); ++k)
            QCOMPARE(got[k], want[k]);
        QCOMPARE(got.size(), want.size());

        // Edit SASRec's dropout through its generated form; the spec carries it.
        editor.modelList()->setCurrentRow(4);
        auto *dropout
            = qobject_cast<QLineEdit *>(editor.paramForm()->field(QStringLiteral("dropout")));
        dropout->selectAll();
        QTest::keyClicks(dropout, QStringLiteral("0.3"));
        editor.modelList()->setCurrentRow(0); // switching away keeps the edit
        QCOMPARE(editor.spec().models[4].params.getFloat("dropout"), 0.3);

        // The quickstart audits every run; unticking the box drops the spec's "audits" section.
        QCOMPARE(editor.spec().audits->k, 10);
        editor.findChild<QCheckBox *>(QStringLiteral("auditRuns"))->setChecked(false);
        QVERIFY(!editor.spec().audits.has_value());
        // An attack written in the JSON survives the editor.
        auto attacked = spec;
        attacked.attack = core::AttackConfig{};
        attacked.attack->kind = "bandwagon";
        editor.setSpec(attacked);
        QCOMPARE(editor.spec().attack->kind, std::string("bandwagon"));
        editor.setSpec(spec);

        // A bad value names the parameter, as the CLI would.
        editor.modelList()->setCurrentRow(2);
        auto *batch
            = qobject_cast<QLineEdit *>(editor.paramForm()->field(QStringLiteral("batch_size")));
        batch->selectAll();
        QTest::keyClicks(batch, QStringLiteral("0"));
        try {
            editor.spec();
            QFAIL("expected a ConfigError");
        } catch (const recscope::ConfigError &e) {
            QCOMPARE(QString::fromStdString(e.parameter()),
                     QStringLiteral("models[2].params.batch_size"));
        }
    }

    void runTableMarksTheBestPerColumn()
    {
        views::RunTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns({snapshot(1, "Pop", 0.03, 0.9),
                       snapshot(2, "BPR, tuned", 0.06, 0.5),
                       snapshot(3, "=HYPERLINK(\"x\")", 0.09, 0.7)});
        QCOMPARE(model.metricColumns(),
                 (QStringList{QStringLiteral("GiniIndex@10"), QStringLiteral("NDCG@10")}));
        const int gini = views::RunTableModel::kFixedColumns, ndcg = gini + 1;
        QCOMPARE(model.bestRow(ndcg), 2); // highest NDCG
        QCOMPARE(model.bestRow(gini), 1); // lowest Gini
        QVERIFY(model.index(2, ndcg).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, ndcg).data(Qt::FontRole).isValid());
        QCOMPARE(model.index(1, ndcg).data().toString(), QStringLiteral("0.0600"));
        QSignalSpy checked(&model, &views::RunTableModel::checkedChanged);
        model.setChecked(3, true);
        QCOMPARE(checked.count(), 1);
        QCOMPARE(model.checkedRuns().size(), std::size_t(1));
        const QStringList csv = model.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(csv[0],
                 QStringLiteral(
                     "run_id,label,model,status,epochs,train_seconds,GiniIndex@10,NDCG@10"));
        QCOMPARE(csv[2], QStringLiteral("2,\"BPR, tuned\",,finished,0,0,0.5,0.06"));
        QCOMPARE(csv[3],
                 QStringLiteral(
                     "3,\"'=HYPERLINK(\"\"x\"\")\",,finished,0,0,0.7,0.09")); // text in a
                                                                              // spreadsheet, not a
                                                                              // formula
    }

    void csvMappingGuessesAndNamesBadLines()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("events.csv"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("customer;product;ts;stars\nu1;i1;2024-01-02;4\nu2;i2;yesterday;5\nu3;i3;"
                "1700000000;x\n");
        f.close();
        using D = views::CsvMappingDialog;
        D dlg(file);
        // Semicolons detected, columns guessed from their names.
        QCOMPARE(dlg.fieldBox(D::User)->currentText(), QStringLiteral("customer"));
        QCOMPARE(dlg.fieldBox(D::Item)->currentText(), QStringLiteral("product"));
        QCOMPARE(dlg.fieldBox(D::Time)->currentText(), QStringLiteral("ts"));
        QCOMPARE(dlg.fieldBox(D::Rating)->currentText(), QStringLiteral("stars"));
        // Errors per field, naming the file line, before anything is imported.
        QCOMPARE(dlg.fieldError(D::Time),
                 QStringLiteral("line 3: 'yesterday' is neither a number nor an ISO date"));
        QCOMPARE(dlg.fieldError(D::Rating), QStringLiteral("line 4: 'x' is not a number"));
        QVERIFY(!dlg.acceptable());
        if (const QByteArray shots = qgetenv("RECSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            dlg.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dlg));
            dlg.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/csv-mapping.png"));
        }
        dlg.fieldBox(D::Time)->setCurrentIndex(0); // (none)
        dlg.fieldBox(D::Rating)->setCurrentIndex(0);
        QVERIFY(dlg.acceptable());
        dlg.fieldBox(D::User)->setCurrentIndex(0);
        QVERIFY(dlg.fieldError(D::User).startsWith(QStringLiteral("required")));
        dlg.fieldBox(D::User)->setCurrentIndex(1);
        const auto m = dlg.mapping();
        QCOMPARE(m.delimiter, ';');
        QCOMPARE(m.user, std::string("customer"));
        QVERIFY(m.time.empty());
    }

    void interactionTableReadsColumns()
    {
        core::SyntheticConfig c;
        c.users = 50;
        c.items = 40;
        auto data = std::make_shared<core::Dataset>(core::generateSynthetic(c).data);
        views::InteractionTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(data);
        QCOMPARE(model.rowCount(), int(data->numInteractions()));
        const int last = model.rowCount() - 1;
        QCOMPARE(model.index(last, views::InteractionTableModel::User).data().toString(),
                 QString::fromStdString(data->userIds[std::size_t(data->user.back())]));
        QCOMPARE(model.index(0, views::InteractionTableModel::Feedback).data().toString(),
                 QString::fromStdString(data->feedbackLevels[std::size_t(data->feedback.front())]));
        QVERIFY(model.index(0, views::InteractionTableModel::Time)
                    .data()
                    .toString()
                    .contains(QLatin1Char('T'))); // ISO date

        // Filter by one user: exactly the rows counted independently, with the dataset's row
        // numbers.
        const std::string userId = data->userIds[7];
        std::vector<int> expected;
        for (std::size_t r = 0; r < data->user.size(); ++r)
            if (data->user[r] == 7)
                expected.push_back(int(r) + 1);
        QCOMPARE(model.filterByUser(QString::fromStdString(userId)), int(expected.size()));
        QCOMPARE(model.rowCount(), int(expected.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.index(row, views::InteractionTableModel::User).data().toString(),
                     QString::fromStdString(userId));
            QCOMPARE(model.headerData(row, Qt::Vertical).toInt(), expected[std::size_t(row)]);
        }
        const std::string itemId = data->itemIds[std::size_t(data->item.front())];
        const auto itemRows = std::count(data->item.begin(), data->item.end(), data->item.front());
        QCOMPARE(model.filterByItem(QString::fromStdString(itemId)), int(itemRows));
        QCOMPARE(model.filterByItem(QStringLiteral("no-such-item")), -1);
        QCOMPARE(model.rowCount(), int(itemRows)); // an unknown ID leaves the filter as it was
        QCOMPARE(model.filterByUser({}), int(data->numInteractions()));
        QVERIFY(!model.filtered());
    }

    void tickLabelsAreDistinctAndRound_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addRow("loss near 1.43") << 1.4213 << 1.4398;
        QTest::addRow("NDCG") << 0.0153 << 0.0421;
        QTest::addRow("counts") << 731.0 << 2036.0;
        QTest::addRow("tiny") << 0.000101 << 0.000108;
    }

    void tickLabelsAreDistinctAndRound()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QValueAxis axis;
        axis.setRange(lo, hi);
        views::applyNiceTicks(&axis);
        QVERIFY(axis.min() <= lo && axis.max() >= hi);
        const double step = (axis.max() - axis.min()) / (axis.tickCount() - 1);
        QSet<QString> labels;
        for (int k = 0; k < axis.tickCount(); ++k) {
            const double tick = axis.min() + k * step;
            const QString text = QString::asprintf(axis.labelFormat().toLatin1().constData(), tick);
            QVERIFY2(std::abs(text.toDouble() - tick) < step * 1e-6,
                     qPrintable(text)); // exact, not rounded away
            labels.insert(text);
        }
        QCOMPARE(labels.size(), axis.tickCount());
    }

    void chartsFollowThePaletteLive()
    {
        std::unique_ptr<views::ChartView> chart(
            views::makeLineChart(QStringLiteral("t"),
                                 {{QStringLiteral("s"), {{1, 1}, {2, 3}}}},
                                 {QStringLiteral("x")},
                                 {QStringLiteral("y")}));
        chart->show();
        const QPalette light = QApplication::palette();
        QCOMPARE(chart->chart()->theme(), QChart::ChartThemeLight);
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(37, 37, 38));
        QApplication::setPalette(dark);
        QCoreApplication::processEvents();
        QCOMPARE(chart->chart()->theme(), QChart::ChartThemeDark);
        QApplication::setPalette(light);
        QCoreApplication::processEvents();
        QCOMPARE(chart->chart()->theme(), QChart::ChartThemeLight);
    }

    void pluginMetricsJoinTheEditor()
    {
        struct TopHit final : sdk::RankingMetric
        {
            core::MetricInfo info() const override { return {"TopHit", "first item relevant"}; }
            double user(std::span<const std::int64_t> ranked,
                        std::span<const std::int64_t> relevant,
                        const sdk::MetricContext &) const override
            {
                return !ranked.empty()
                       && std::binary_search(relevant.begin(), relevant.end(), ranked[0]);
            }
        };
        core::Registry registry;
        core::registerBuiltins(registry);
        registry.add(std::make_shared<TopHit>());
        views::ExperimentEditor editor(registry);
        editor.setSpec(core::ExperimentSpec::fromJson(
            R"({"eval": {"metrics": ["NDCG", "TopHit"], "ks": [5]}, "models": [{"id": "pop"}]})",
            registry));
        auto *metrics = editor.findChild<QListWidget *>(QStringLiteral("metrics"));
        QVERIFY(metrics);
        QCOMPARE(metrics->findItems(QStringLiteral("TopHit"), Qt::MatchExactly).size(), 1);
        const auto spec = editor.spec(); // parsed back through the registry: the metric resolves
        QCOMPARE(spec.eval.metrics, (std::vector<std::string>{"NDCG", "TopHit"}));
        QCOMPARE(spec.eval.pluginMetrics.size(), std::size_t(1));
    }

    void pluginsDialogListsStateAndReason()
    {
        core::PluginRecord loaded, refused;
        loaded.id = "ease";
        loaded.version = "1.0.0";
        loaded.state = core::PluginRecord::State::Loaded;
        loaded.provides = {"model ease"};
        refused.id = "old";
        refused.version = "0.3";
        refused.state = core::PluginRecord::State::Refused;
        refused.message
            = "librs_old.so: refused: built against LibTorch 2.4.0, RecScope uses 2.15.0";
        views::PluginsDialog dialog({loaded, refused}, {"/usr/lib/recscope/plugins"});
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("plugins"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("loaded"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("model ease"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("refused"));
        QVERIFY(table->item(1, 4)->text().contains(QStringLiteral("LibTorch 2.4.0")));
        QVERIFY(table->item(1, 2)->foreground().color() != table->item(0, 2)->foreground().color());
    }

    void kernelsDialogShowsTheTunedVariants()
    {
        // Tuned for real on this machine (briefly, two small buckets, the reference timed too),
        // then shown: one row each, with the speed-up over the reference.
        QTemporaryDir dir;
        const QByteArray ownCache = qgetenv("RECSCOPE_KERNEL_CACHE"); // CTest's, put back below
        qputenv("RECSCOPE_KERNEL_CACHE", (dir.path() + QStringLiteral("/kernels.json")).toUtf8());
        core::KernelTuneOptions o;
        o.budgetSeconds = 0.3;
        o.buckets = {"d_qk<=16 n<=256", "d<=16"};
        const auto tuned = core::tuneKernels(o);
        views::KernelsDialog dialog;
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("tunedKernels"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("hstu_attention"));
        QCOMPARE(table->item(0, 2)->text(), QString::fromStdString(tuned[0].variant));
        QVERIFY(table->item(0, 6)->text().endsWith(QStringLiteral("×")));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("kernelSummary"))
                    ->text()
                    .contains(QStringLiteral("CPU kernels")));
        if (const QByteArray shots = qgetenv("RECSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/kernels.png"));
        }
        if (ownCache.isEmpty())
            qunsetenv("RECSCOPE_KERNEL_CACHE");
        else
            qputenv("RECSCOPE_KERNEL_CACHE", ownCache);
    }
};

QTEST_MAIN(tst_Views)
#include "tst_views.moc"
