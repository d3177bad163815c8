// SPDX-License-Identifier: MIT
// RunInspector on trained runs: the self-attention maps of SASRec and HSTU and the target
// attention of a two-stage CTR model, read back from saved weights.
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/inspector.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <numeric>

using namespace recscope;
using namespace recscope::core;

class tst_Inspector : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    std::unique_ptr<ProjectStore> m_store;
    ExperimentResult m_ranking, m_ctr;

    ExperimentResult train(const std::string &json)
    {
        ExperimentRunner runner(m_registry, *m_store);
        runner.setCheckpointDir(m_dir.filePath(QStringLiteral("ckpt")).toStdString());
        struct Quiet final : RunObserver
        {
        } quiet;
        return runner.run(ExperimentSpec::fromJson(json, m_registry), {}, quiet);
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        m_store
            = std::make_unique<ProjectStore>(m_dir.filePath(QStringLiteral("i.db")).toStdString());
        m_ranking = train(
            R"({"name": "r", "dataset": {"synthetic": {"users": 150, "items": 100, "mean_length": 20}}, "device": "cpu",
            "eval": {"metrics": ["NDCG"], "ks": [10]},
            "models": [{"id": "pop"}, {"id": "sasrec", "params": {"epochs": 1, "max_len": 12, "n_heads": 2, "hidden_size": 8}},
                       {"id": "hstu", "params": {"epochs": 1, "max_len": 12, "hidden_size": 8, "attention_dim": 4, "linear_dim": 4}}]})");
        m_ctr = train(R"({"name": "c", "task": "ctr", "ctr": {"max_history": 30},
            "dataset": {"synthetic": {"users": 120, "items": 100, "mean_length": 25}}, "device": "cpu",
            "models": [{"id": "dare", "params": {"epochs": 1, "top_k": 5}}]})");
    }

    void aModelWithoutTrainingIsRebuilt()
    {
        // Pop saves no weights: the inspector rebuilds it from the data; it has no self-attention.
        // (A trainable run without saved weights is refused: cli_end_to_end, "has no saved model".)
        RunInspector pop(m_registry, *m_store, m_ranking.runIds[0]);
        QVERIFY(!pop.users().empty());
        QCOMPARE(pop.selfAttention(pop.users().front()).layers, 0);
    }

    void sasrecRowsAreCausalDistributions()
    {
        RunInspector in(m_registry, *m_store, m_ranking.runIds[1]);
        QCOMPARE(in.task(), TaskKind::Ranking);
        const auto user = in.users().front();
        QCOMPARE(in.findUser(in.dataset().userIds[std::size_t(user)]), user);
        const auto maps = in.selfAttention(user);
        QCOMPARE(maps.layers, 2);
        QCOMPARE(maps.heads, 2);
        QVERIFY(maps.length() > 1 && maps.length() <= 12);
        for (int l = 0; l < maps.layers; ++l)
            for (int h = 0; h < maps.heads; ++h)
                for (int q = 0; q < maps.length(); ++q) {
                    double sum = 0;
                    for (int k = 0; k < maps.length(); ++k) {
                        if (k > q)
                            QCOMPARE(maps.at(l, h, q, k), 0.0f); // the future is masked
                        sum += maps.at(l, h, q, k);
                    }
                    RS_COMPARE_NEAR(sum, 1.0, 1e-4); // softmax over the visible keys
                }
    }

    void hstuMapsArePointwiseAndCausal()
    {
        RunInspector in(m_registry, *m_store, m_ranking.runIds[2]);
        const auto maps = in.selfAttention(in.users().front());
        QCOMPARE(maps.layers, 2);
        for (int q = 0; q < maps.length(); ++q)
            for (int k = q + 1; k < maps.length(); ++k)
                QCOMPARE(maps.at(0, 0, q, k), 0.0f);
    }

    void dareShowsItsSearch()
    {
        RunInspector in(m_registry, *m_store, m_ctr.runIds[0]);
        QCOMPARE(in.task(), TaskKind::Ctr);
        const auto samples = in.targetAttention(in.users().front());
        QVERIFY(samples.size() >= 2);
        QCOMPARE(samples[0].label, 1.0f);
        for (const auto &s : samples) {
            RS_COMPARE_NEAR(std::accumulate(s.weights.begin(), s.weights.end(), 0.0), 1.0, 1e-4);
            const auto retrieved = std::count(s.retrieved.begin(), s.retrieved.end(), true);
            QCOMPARE(retrieved, std::min<std::ptrdiff_t>(5, std::ptrdiff_t(s.rows.size())));
            // Weight only on retrieved behaviours, and those hold the K best scores.
            float worstRetrieved = 1e30f, bestOther = -1e30f;
            for (std::size_t i = 0; i < s.rows.size(); ++i) {
                if (!s.retrieved[i])
                    QCOMPARE(s.weights[i], 0.0f);
                (s.retrieved[i] ? worstRetrieved : bestOther)
                    = s.retrieved[i] ? std::min(worstRetrieved, s.scores[i])
                                     : std::max(bestOther, s.scores[i]);
                if (s.relevant[i]) // planted relevance means the target's category
                    QCOMPARE(in.categoryOf(in.dataset().item[std::size_t(s.rows[i])]),
                             in.categoryOf(s.targetItem));
            }
            QVERIFY(worstRetrieved >= bestOther);
        }
        const auto agg = in.aggregate(200);
        QVERIFY(agg.samples > 50);
        double mass = 0, share = 0;
        for (std::size_t g = 0; g < agg.gapLabels.size(); ++g) {
            mass += agg.massSame[g] + agg.massOther[g];
            share += agg.shareSame[g] + agg.shareOther[g];
        }
        RS_COMPARE_NEAR(mass, 1.0, 1e-4);
        RS_COMPARE_NEAR(share, 1.0, 1e-9);
    }
};

QTEST_GUILESS_MAIN(tst_Inspector)
#include "tst_inspector.moc"
