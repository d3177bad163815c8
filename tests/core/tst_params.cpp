// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/registry.h>
#include <recscope/core/task.h>

#include <QtTest/QtTest>

using namespace recscope;
using namespace recscope::core;

class tst_Params : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBuiltinHasASchema()
    {
        Registry r;
        registerBuiltins(r);
        QCOMPARE(r.models().size(), std::size_t(15));
        for (const char *id : {"pop",
                               "itemknn",
                               "bpr",
                               "fairrec_bpr",
                               "fairrec_sasrec",
                               "apr_bpr",
                               "vat_bpr",
                               "lightgcn",
                               "sasrec",
                               "hstu"})
            QVERIFY2(r.info(id) && r.info(id)->task == TaskKind::Ranking && r.factory(id)
                         && !r.ctrFactory(id),
                     id);
        for (const char *id : {"din", "tin", "twin", "twin_proj", "dare"})
            QVERIFY2(r.info(id) && r.info(id)->task == TaskKind::Ctr && r.ctrFactory(id)
                         && !r.factory(id),
                     id);
        QVERIFY(r.info("dare")->params.find("attention_size"));
        QVERIFY(!r.info("twin")->params.find(
            "attention_size")); // one table: attention size = representation size
        const ModelInfo *bpr = r.info("bpr");
        QVERIFY(bpr->trainable && !bpr->sequential);
        QVERIFY(bpr->params.find("learning_rate")->logScale);
        QCOMPARE(bpr->params.find("epochs")->group, std::string("training"));
        QVERIFY(r.info("sasrec")->sequential);
        QVERIFY(r.info("vat_bpr")->params.find("lambda_user")
                && !r.info("apr_bpr")->params.find("lambda_user"));
        QCOMPARE(std::get<double>(
                     r.info("fairrec_bpr")->params.find("lambda_adversary")->defaultValue),
                 0.1);
        RS_EXPECT_ERROR(registerBuiltins(r), ConfigError, "the ranking task is already registered");
    }

    // What differs between the tasks, as the spec reader, the editor and the CLI table ask it.
    void tasksSayWhatDiffers()
    {
        Registry empty;
        RS_EXPECT_ERROR(empty.task(TaskKind::Ranking),
                        ConfigError,
                        "no ranking task is registered");
        Registry r;
        registerBuiltins(r);
        const Task &ranking = r.task(TaskKind::Ranking), &ctr = r.task(TaskKind::Ctr);
        QVERIFY(ranking.ranksCatalogue() && !ctr.ranksCatalogue());
        QVERIFY(r.ranksCatalogue("sasrec") && !r.ranksCatalogue("din")
                && !r.ranksCatalogue("no_such_model"));

        ExperimentSpec spec;
        spec.eval.metrics = {"NDCG", "ItemCoverage", "Recall"};
        spec.eval.ks = {5, 10};
        // Coverage selects nothing: accuracy metrics only, in the spec's order, then by K.
        QCOMPARE(ranking.selectionMetrics(spec),
                 (std::vector<std::string>{"NDCG@5", "NDCG@10", "Recall@5", "Recall@10"}));
        QCOMPARE(ranking.defaultValidMetric(spec), std::string("NDCG@5"));
        ranking.checkSelectionMetric(spec, "Recall@10", "eval.valid_metric");
        for (const char *bad : {"Recall@20", "ItemCoverage@5", "NDCG", "NDCG@10x", "AUC"}) {
            const std::string named = "'" + std::string(bad) + "' must be";
            RS_EXPECT_ERROR(ranking.checkSelectionMetric(spec, bad, "eval.valid_metric"),
                            ConfigError,
                            "eval.valid_metric",
                            named.c_str());
        }
        QCOMPARE(ctr.selectionMetrics(spec), (std::vector<std::string>{"AUC", "GAUC"}));
        QCOMPARE(ctr.defaultValidMetric(spec), std::string("AUC"));
        RS_EXPECT_ERROR(ctr.checkSelectionMetric(spec, "NDCG@10", "sweep.metric"),
                        ConfigError,
                        "sweep.metric",
                        "use AUC or GAUC");

        // A ranking table shows the metrics some run has; the CTR table its fixed set.
        const std::vector<MetricValues> tests{{{"NDCG@10", 0.1}, {"users", 7}},
                                              {{"Recall@5", 0.2}}};
        QCOMPARE(ranking.resultColumns(spec, tests),
                 (std::vector<std::string>{"NDCG@10", "Recall@5"}));
        spec.ctr.searchK = 7;
        QCOMPARE(ctr.resultColumns(spec, {}),
                 (std::vector<std::string>{"AUC",
                                           "GAUC",
                                           "LogLoss",
                                           "SearchNDCG@7",
                                           "SearchRPrecision",
                                           "SearchPrecision@7",
                                           "SearchRecall@7"}));
        QCOMPARE(ranking.protocol(spec, tests[0]),
                 std::string("leave_one_out split, full ranking, history masked; test users: 7"));
        spec.ctr.negatives = 2;
        spec.ctr.maxHistory = 40;
        QCOMPARE(ctr.kind(), TaskKind::Ctr);
        QCOMPARE(ctr.protocol(spec, {{"samples", 90}}),
                 std::string("ctr task, leave_one_out split, 2 sampled negative(s) per click, up "
                             "to 40 behaviours; test samples: 90"));
    }

    void resolveFillsDefaultsAndChecks()
    {
        Registry r;
        registerBuiltins(r);
        const ParamSchema &s = r.info("lightgcn")->params;
        const ParamSet p
            = s.resolve({{"n_layers", std::int64_t(3)}, {"learning_rate", std::int64_t(1)}},
                        "models[0].params");
        QCOMPARE(p.getInt("n_layers"), std::int64_t(3));
        QCOMPARE(p.getFloat("learning_rate"), 1.0); // an integer is accepted as a number
        QCOMPARE(p.getInt("embedding_size"), std::int64_t(64));
        RS_EXPECT_ERROR(s.resolve({{"n_layers", std::int64_t(99)}}, "models[0].params"),
                        ConfigError,
                        "models[0].params.n_layers",
                        "range [0, 8]");
        RS_EXPECT_ERROR(s.resolve({{"layers", std::int64_t(2)}}, "m"),
                        ConfigError,
                        "m.layers",
                        "unknown parameter");
        RS_EXPECT_ERROR(s.resolve({{"optimizer", std::string("sgd")}}, "m"),
                        ConfigError,
                        "m.optimizer",
                        "adam, adamw");
        RS_EXPECT_ERROR(s.resolve({{"n_layers", 2.5}}, "m"), ConfigError, "expected an integer");
    }
};

QTEST_GUILESS_MAIN(tst_Params)
#include "tst_params.moc"
