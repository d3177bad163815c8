// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/registry.h>
#include <recscope/core/sweep.h>

#include <QtTest/QtTest>

#include <limits>

using namespace recscope;
using namespace recscope::core;

class tst_ExperimentSpec : public QObject
{
    Q_OBJECT

    Registry m_registry;

private Q_SLOTS:
    void initTestCase() { registerBuiltins(m_registry); }

    void quickstartParses()
    {
        const auto spec = ExperimentSpec::fromFile(std::filesystem::path(RECSCOPE_SOURCE_DIR)
                                                       / "projects" / "quickstart.json",
                                                   m_registry);
        QCOMPARE(spec.name, std::string("quickstart"));
        QCOMPARE(spec.dataset.format, DatasetFormat::Synthetic);
        QVERIFY(spec.models.size() >= 5);
        QCOMPARE(spec.validMetric, std::string("NDCG@10"));
        QCOMPARE(spec.models[0].id, std::string("pop"));
    }

    void fullSpec()
    {
        const auto spec = ExperimentSpec::fromJson(R"({
            "name": "ml", "dataset": {"path": "data/ratings.csv", "format": "csv",
                                      "mapping": {"user": "u", "item": "i", "delimiter": ";"}},
            "prepare": {"implicit_threshold": 4, "user_core": 5, "item_core": 5, "dedupe": true},
            "split": {"kind": "user_ratio", "ratios": [0.7, 0.1, 0.2], "order": "random", "seed": 3},
            "eval": {"metrics": ["Recall", "MAP"], "ks": [5, 50], "valid_metric": "MAP@50", "sampled_negatives": 100},
            "device": "cpu",
            "models": [{"id": "bpr", "label": "BPR 32", "params": {"embedding_size": 32}}]})",
                                                   m_registry,
                                                   "/base");
        QCOMPARE(spec.dataset.path, std::filesystem::path("/base/data/ratings.csv"));
        QCOMPARE(spec.dataset.mapping.delimiter, ';');
        QCOMPARE(*spec.prepare.implicitThreshold, 4.0f);
        QCOMPARE(spec.split.kind, SplitKind::UserRatio);
        QCOMPARE(spec.split.testRatio, 0.2);
        QVERIFY(!spec.split.timeOrdered);
        QCOMPARE(spec.eval.sampledNegatives, 100);
        QCOMPARE(spec.models[0].label, std::string("BPR 32"));
        QCOMPARE(spec.models[0].params.getInt("embedding_size"), std::int64_t(32));
        QCOMPARE(spec.models[0].params.getInt("batch_size"),
                 std::int64_t(2048)); // default filled in
    }

    void toJsonRoundTrips()
    {
        const auto spec = ExperimentSpec::fromJson(R"({
            "name": "ml", "dataset": {"path": "data/ratings.tsv", "format": "csv",
                                      "mapping": {"user": "u", "item": "i", "categories": "g", "delimiter": "tab"}},
            "prepare": {"implicit_threshold": 3.5, "item_core": 2},
            "split": {"kind": "user_ratio", "ratios": [0.6, 0.2, 0.2], "order": "random", "seed": 9},
            "eval": {"metrics": ["NDCG", "GiniIndex"], "ks": [20], "mask_history": false},
            "seed": 5, "models": [{"id": "sasrec", "params": {"n_layers": 3, "dropout": 0.25}}]})",
                                                   m_registry,
                                                   "/base");
        const std::string text = spec.toJson("/base");
        QVERIFY(text.find("\"data/ratings.tsv\"") != std::string::npos); // relative again
        QVERIFY(text.find("\"\\\\t\"") != std::string::npos);            // tab written as "\t"
        const auto back = ExperimentSpec::fromJson(text, m_registry, "/base");
        QCOMPARE(back.dataset.path, spec.dataset.path);
        QCOMPARE(back.dataset.mapping.delimiter, '\t');
        QCOMPARE(back.dataset.mapping.categories, std::string("g"));
        QCOMPARE(*back.prepare.implicitThreshold, 3.5f);
        QCOMPARE(back.prepare.itemCore, 2);
        QCOMPARE(back.split.kind, SplitKind::UserRatio);
        QCOMPARE(back.split.validRatio, 0.2);
        QVERIFY(!back.split.timeOrdered);
        QCOMPARE(back.split.seed, std::uint64_t(9));
        QVERIFY(!back.eval.maskHistory);
        QCOMPARE(back.validMetric, std::string("NDCG@20"));
        QCOMPARE(back.seed, std::uint64_t(5));
        QCOMPARE(back.models[0].params.getInt("n_layers"), std::int64_t(3));
        QCOMPARE(back.models[0].params.getFloat("dropout"), 0.25);
        QCOMPARE(back.models[0].label, std::string("SASRec"));
        QCOMPARE(back.toJson("/base"), text); // a fixed point

        // A synthetic spec keeps every generator knob.
        auto quick = ExperimentSpec::fromFile(std::filesystem::path(RECSCOPE_SOURCE_DIR)
                                                  / "projects" / "quickstart.json",
                                              m_registry);
        quick.dataset.synthetic.drift = 0.75;
        quick.split.twoRowUsersToTest = true;
        const auto again = ExperimentSpec::fromJson(quick.toJson(), m_registry);
        QVERIFY(again.split.twoRowUsersToTest);
        QCOMPARE(again.dataset.synthetic.drift, 0.75);
        QCOMPARE(again.dataset.synthetic.users, 2000);
        QCOMPARE(again.models.size(), quick.models.size());
        QCOMPARE(again.models[2].params.getFloat("learning_rate"), 0.01);
    }

    void errorsNameTheParameter_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("parameter");
        const QString base = QStringLiteral(R"({"models": [%1]%2})");
        QTest::addRow("unknown model")
            << base.arg(QStringLiteral(R"({"id": "bert"})"), QString()) << "models[0].id";
        QTest::addRow("bad lr")
            << base.arg(QStringLiteral(R"({"id": "bpr", "params": {"learning_rate": -1}})"),
                        QString())
            << "models[0].params.learning_rate";
        QTest::addRow("typo key") << base.arg(QStringLiteral(R"({"id": "bpr", "parms": {}})"),
                                              QString())
                                  << "models[0].parms";
        QTest::addRow("unknown metric")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "eval": {"metrics": ["nDCG"]})"))
            << "eval.metrics[0]";
        QTest::addRow("bad split") << base.arg(QStringLiteral(R"({"id": "pop"})"),
                                               QStringLiteral(R"(, "split": {"kind": "random"})"))
                                   << "split.kind";
        QTest::addRow("valid metric")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "eval": {"valid_metric": "NDCG@99"})"))
            << "eval.valid_metric";
        QTest::addRow("two-row users")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "split": {"two_row_users": "valid"})"))
            << "split.two_row_users";
        QTest::addRow("two-row users, ratio split")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(
                            R"(, "split": {"kind": "user_ratio", "two_row_users": "test"})"))
            << "split.two_row_users";
        QTest::addRow("cold users, ratio split")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(
                            R"(, "split": {"kind": "user_ratio", "cold_users": "keep"})"))
            << "split.cold_users";
        QTest::addRow("part file, not a files split")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "split": {"train": "a.train.inter"})"))
            << "split.train";
        QTest::addRow("cut-off zero") << base.arg(QStringLiteral(R"({"id": "pop"})"),
                                                  QStringLiteral(R"(, "eval": {"ks": [10, 0]})"))
                                      << "eval.ks[1]";
        QTest::addRow("no models") << QStringLiteral(R"({"models": []})") << "models";
        QTest::addRow("csv without mapping")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "dataset": {"path": "x.csv", "format": "csv"})"))
            << "dataset.mapping";
        QTest::addRow("synthetic knob")
            << base.arg(QStringLiteral(R"({"id": "pop"})"),
                        QStringLiteral(R"(, "dataset": {"synthetic": {"userz": 3}})"))
            << "dataset.synthetic.userz";
        // Numbers that once became other numbers: 2^32 + 10 → 10, 10.7 → 10, 2^32 + 1 → 1, 1e30 →
        // −2^63.
        const QString pop = QStringLiteral(R"({"id": "pop"})");
        QTest::addRow("cut-off 2^32 + 10")
            << base.arg(pop, QStringLiteral(R"(, "eval": {"ks": [4294967306]})")) << "eval.ks[0]";
        QTest::addRow("cut-off 10.7")
            << base.arg(pop, QStringLiteral(R"(, "eval": {"ks": [10, 10.7]})")) << "eval.ks[1]";
        QTest::addRow("cut-off text")
            << base.arg(pop, QStringLiteral(R"(, "eval": {"ks": ["10"]})")) << "eval.ks[0]";
        QTest::addRow("metric not text")
            << base.arg(pop, QStringLiteral(R"(, "eval": {"metrics": [3]})")) << "eval.metrics[0]";
        QTest::addRow("user core 2^32 + 1")
            << base.arg(pop, QStringLiteral(R"(, "prepare": {"user_core": 4294967297})"))
            << "prepare.user_core";
        QTest::addRow("seed 1e30") << base.arg(pop, QStringLiteral(R"(, "seed": 1e30)")) << "seed";
        QTest::addRow("seed 2.5") << base.arg(pop, QStringLiteral(R"(, "seed": 2.5)")) << "seed";
        QTest::addRow("ratios not numbers")
            << base.arg(pop,
                        QStringLiteral(
                            R"(, "split": {"kind": "user_ratio", "ratios": ["a", 0.1, 0.1]})"))
            << "split.ratios";
        QTest::addRow("synthetic users 2^31")
            << base.arg(pop, QStringLiteral(R"(, "dataset": {"synthetic": {"users": 2147483648}})"))
            << "dataset.synthetic.users";
    }

    void errorsNameTheParameter()
    {
        QFETCH(QString, json);
        QFETCH(QString, parameter);
        try {
            ExperimentSpec::fromJson(json.toStdString(), m_registry);
            QFAIL("no error");
        } catch (const ConfigError &e) {
            QCOMPARE(QString::fromStdString(e.parameter()), parameter);
        }
    }

    void sampleProjectsParse()
    {
        // What the README points users at must open as it is.
        int specs = 0;
        for (const auto &f : std::filesystem::directory_iterator(
                 std::filesystem::path(RECSCOPE_SOURCE_DIR) / "projects"))
            if (f.path().extension() == ".json") {
                const auto spec = ExperimentSpec::fromFile(f.path(), m_registry);
                QVERIFY(!spec.models.empty());
                ++specs;
            }
        QVERIFY(specs >= 3);
        const auto sweeps = ExperimentSpec::fromFile(std::filesystem::path(RECSCOPE_SOURCE_DIR)
                                                         / "projects" / "seeds-and-sweeps.json",
                                                     m_registry);
        QCOMPARE(sweeps.runSeeds().size(), std::size_t(3));
        QCOMPARE(planTrials(m_registry.info("bpr")->params,
                            sweeps.models[1].params,
                            sweeps.models[1].sweep,
                            *sweeps.sweep,
                            "m")
                     .size(),
                 std::size_t(6));
    }

    void fairRecBenchRowsSetTheirLambdas()
    {
        // The README's FairRec rows are labelled by the λ they switch on; a row whose label and
        // parameters disagree once ran at the defaults and carried a wrong finding.
        const auto bench
            = ExperimentSpec::fromFile(std::filesystem::path(RECSCOPE_SOURCE_DIR) / "tests"
                                           / "bench" / "fairrec_synthetic.json",
                                       m_registry);
        const std::pair<const char *, const char *> rows[] = {{"λG 1 only", "lambda_attribute"},
                                                              {"λD 1 only", "lambda_orthogonal"},
                                                              {"λA 1 only", "lambda_adversary"}};
        int checked = 0;
        for (const auto &m : bench.models)
            for (const auto &[label, on] : rows)
                if (m.label.find(label) != std::string::npos) {
                    ++checked;
                    for (const char *lambda :
                         {"lambda_attribute", "lambda_orthogonal", "lambda_adversary"})
                        QCOMPARE(m.params.getFloat(lambda), std::string(lambda) == on ? 1.0 : 0.0);
                }
        QCOMPARE(checked, 3);
        QVERIFY(bench.runSeeds().size() >= 3);
    }

    void seedsStoredWithRunsStillParse()
    {
        // Specs stored with old runs hold seeds written as uint64 (a −1 became 2^64 − 1); reopening
        // such a run must read them back, and 1e3 is a whole number.
        for (const char *seed : {"18446744073709551615", "-1"}) {
            const auto spec
                = ExperimentSpec::fromJson(std::string(R"({"models": [{"id": "pop"}], "seed": )")
                                               + seed + "}",
                                           m_registry);
            QCOMPARE(spec.seed, std::numeric_limits<std::uint64_t>::max());
        }
        QCOMPARE(ExperimentSpec::fromJson(R"({"models": [{"id": "pop"}], "seed": 1e3})", m_registry)
                     .seed,
                 std::uint64_t(1000));
    }

    void invalidJson()
    {
        RS_EXPECT_ERROR(ExperimentSpec::fromJson("{\"models\": [", m_registry),
                        ConfigError,
                        "not valid JSON");
    }
};

QTEST_GUILESS_MAIN(tst_ExperimentSpec)
#include "tst_experiment_spec.moc"
