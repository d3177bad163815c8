// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/registry.h>

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
        registerBuiltinModels(r);
        QCOMPARE(r.models().size(), std::size_t(15));
        for (const char *id : {"pop", "itemknn", "bpr", "fairrec_bpr", "fairrec_sasrec", "apr_bpr", "vat_bpr", "lightgcn", "sasrec", "hstu"})
            QVERIFY2(r.info(id) && r.info(id)->task == "ranking" && r.factory(id) && !r.ctrFactory(id), id);
        for (const char *id : {"din", "tin", "twin", "twin_proj", "dare"})
            QVERIFY2(r.info(id) && r.info(id)->task == "ctr" && r.ctrFactory(id) && !r.factory(id), id);
        QVERIFY(r.info("dare")->params.find("attention_size"));
        QVERIFY(!r.info("twin")->params.find("attention_size")); // one table: attention size = representation size
        const ModelInfo *bpr = r.info("bpr");
        QVERIFY(bpr->trainable && !bpr->sequential);
        QVERIFY(bpr->params.find("learning_rate")->logScale);
        QCOMPARE(bpr->params.find("epochs")->group, std::string("training"));
        QVERIFY(r.info("sasrec")->sequential);
        QVERIFY(r.info("vat_bpr")->params.find("lambda_user") && !r.info("apr_bpr")->params.find("lambda_user"));
        QCOMPARE(std::get<double>(r.info("fairrec_bpr")->params.find("lambda_adversary")->defaultValue), 0.1);
        RS_EXPECT_ERROR(registerBuiltinModels(r), ConfigError, "already registered");
    }

    void resolveFillsDefaultsAndChecks()
    {
        Registry r;
        registerBuiltinModels(r);
        const ParamSchema &s = r.info("lightgcn")->params;
        const ParamSet p = s.resolve({{"n_layers", std::int64_t(3)}, {"learning_rate", std::int64_t(1)}}, "models[0].params");
        QCOMPARE(p.getInt("n_layers"), std::int64_t(3));
        QCOMPARE(p.getFloat("learning_rate"), 1.0); // an integer is accepted as a number
        QCOMPARE(p.getInt("embedding_size"), std::int64_t(64));
        RS_EXPECT_ERROR(s.resolve({{"n_layers", std::int64_t(99)}}, "models[0].params"), ConfigError,
                        "models[0].params.n_layers", "range [0, 8]");
        RS_EXPECT_ERROR(s.resolve({{"layers", std::int64_t(2)}}, "m"), ConfigError, "m.layers", "unknown parameter");
        RS_EXPECT_ERROR(s.resolve({{"optimizer", std::string("sgd")}}, "m"), ConfigError, "m.optimizer", "adam, adamw");
        RS_EXPECT_ERROR(s.resolve({{"n_layers", 2.5}}, "m"), ConfigError, "expected an integer");
    }
};

QTEST_GUILESS_MAIN(tst_Params)
#include "tst_params.moc"
