// SPDX-License-Identifier: MIT
// The source feedback loop ("Source Echo Chamber"): its metrics and click model on hand-made
// scores (values worked out in the comments), the paired twins and impressions, the debiasing
// loss, and whole loops on synthetic data: without debiasing the AI share of clicks and the
// source bias grow round by round while accuracy falls; with it both stay near balance.
#include "loop/loop_data.h"
#include "loop/loop_net.h"
#include "loop/loop_rounds.h"
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/feedback_loop.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

class tst_FeedbackLoop : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    struct Quiet final : RunObserver
    {
    } m_quiet;

    /// A Pop run on synthetic data (the loop needs only its dataset and split).
    std::int64_t popRun(ProjectStore &store, const std::string &synthetic)
    {
        ExperimentRunner runner(m_registry, store);
        const std::string spec
            = R"({"name": "loop", "dataset": {"synthetic": )" + synthetic
              + R"(}, "eval": {"metrics": ["NDCG"], "ks": [10]}, "models": [{"id": "pop"}]})";
        return runner.run(ExperimentSpec::fromJson(spec, m_registry), {}, m_quiet).runIds.at(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        torch::set_num_threads(2);
    }

    void sourceBiasMetricsMatchHandValues()
    {
        // Row 1: doubled list [3, 1, 0 | 2, 4, 0.5]. The human twin (3) has one higher score → rank
        // 1, NDCG 1/log2(3) = 0.63093; the AI twin (2) has two → rank 2, 1/log2(4) = 0.5.
        // Row 2: [1, 0, 0 | 0.5, 2, 3]: human rank 2 → 0.5; AI rank 3 → 1/log2(5) = 0.43068.
        const auto human = torch::tensor({3.0, 1.0, 0.0, 1.0, 0.0, 0.0}).view({2, 3});
        const auto ai = torch::tensor({2.0, 4.0, 0.5, 0.5, 2.0, 3.0}).view({2, 3});
        RS_COMPARE_NEAR(doubledNdcg(human, ai, false, 5), (0.63093 + 0.5) / 2, 1e-5);
        RS_COMPARE_NEAR(doubledNdcg(human, ai, true, 5), (0.5 + 0.43068) / 2, 1e-5);
        // At k = 2 only rank 0 and 1 count: row 1's human twin alone.
        RS_COMPARE_NEAR(doubledNdcg(human, ai, false, 2), 0.63093 / 2, 1e-5);
        RS_COMPARE_NEAR(doubledNdcg(human, ai, true, 2), 0.0, 1e-12);
        // Rel% = 200 (0.6 − 0.2) / 0.8 = 100; negative when AI leads.
        RS_COMPARE_NEAR(relativeBias(0.6, 0.2), 100.0, 1e-12);
        RS_COMPARE_NEAR(relativeBias(0.2, 0.6), -100.0, 1e-12);
        QCOMPARE(relativeBias(0, 0), 0.0);
        // Mixed catalogue, row 1 shows [3 (human), 4 (AI), 0 (human)]: rank 1 → 0.63093; row 2
        // shows [1, 0, 3 (AI)]: rank 1 → 0.63093.
        const auto shown = torch::tensor({false, true, false, false, false, true}).view({2, 3});
        RS_COMPARE_NEAR(mixedNdcg(human, ai, shown, 5), 0.63093, 1e-5);
    }

    void clicksFollowTheScoresAndThePositionBias()
    {
        std::mt19937_64 rng(3);
        // eta −1: the higher-scored twin of column 0; a tie goes to the human one.
        const auto human = torch::tensor({3.0, 0.0, 1.0, 0.0, 2.0, 0.0}).view({3, 2});
        const auto ai = torch::tensor({2.0, 0.0, 5.0, 0.0, 2.0, 0.0}).view({3, 2});
        const auto clicks = simulateClicks(human, ai, -1, rng);
        QCOMPARE(clicks[0].item<bool>(), false);
        QCOMPARE(clicks[1].item<bool>(), true);
        QCOMPARE(clicks[2].item<bool>(), false);
        // eta 0 weighs every rank alike: P(AI) = 1/2. eta 10 with the AI twin first (rank 0) and
        // the human twin at rank 3: w_ai = 1, w_human = 4^−10, so P(AI) = 1 / (1 + 4^−10).
        const auto many = 4000;
        const auto h = torch::tensor({1.0, 3.0, 2.0}).repeat({many, 1});
        const auto a = torch::tensor({5.0, 0.0, 0.0}).repeat({many, 1});
        const double even = simulateClicks(h, a, 0, rng).to(torch::kFloat64).mean().item<double>();
        QVERIFY2(std::abs(even - 0.5) < 0.03, qPrintable(QString::number(even)));
        QVERIFY(simulateClicks(h, a, 10, rng).to(torch::kFloat64).mean().item<double>() > 0.999);
        QCOMPARE(loopPhase(0, 0.9), std::string("HGC-dominate"));
        QCOMPARE(loopPhase(3, 0.5), std::string("HGC-coexist"));
        QCOMPARE(loopPhase(3, 0.51), std::string("AIGC-dominance"));
    }

    void twinsShareTheItemAndDifferByTheStyleOffset()
    {
        // Items 0 (human, [0, 0]), 1 (AI, [2, 2]), 2 (human, [2, 0]): δ = [2, 2] − mean([0, 0],
        // [2, 0]) = [1, 2]. Human twins: [0, 0], [2, 2] − δ = [1, 0], [2, 0]; AI twins add δ.
        Dataset d;
        d.name = "hand";
        d.itemIds = {"a", "b", "c"};
        d.contentDim = 2;
        d.itemContent = {0, 0, 2, 2, 2, 0};
        d.itemSource = {0, 1, 0};
        const SourceTwins twins = makeSourceTwins(d);
        QCOMPARE(twins.aiOffset(), std::int64_t(4));
        RS_COMPARE_NEAR(twins.aiShare, 1.0 / 3, 1e-12);
        const std::vector<float> expected{0, 0, 1, 0, 2, 0, 0, 0, 1, 2, 2, 2, 3, 2, 0, 0};
        const auto table = twins.table.contiguous();
        QCOMPARE(std::vector<float>(table.data_ptr<float>(),
                                    table.data_ptr<float>() + table.numel()),
                 expected);

        d.itemSource = {0, 0, 0};
        RS_EXPECT_ERROR(makeSourceTwins(d), ConfigError, "hand", "one source only");
        d.itemSource.clear();
        RS_EXPECT_ERROR(makeSourceTwins(d), ConfigError, "no item source labels");
        d.contentDim = 0;
        d.itemContent.clear();
        RS_EXPECT_ERROR(makeSourceTwins(d), ConfigError, "no item content vectors");
    }

    void impressionsHoldTheRecentHistoryAndTheConsumedItem()
    {
        sdk::UserItems seq;
        seq.offsets = {0, 4};
        seq.items = {5, 6, 7, 8};
        std::mt19937_64 rng(1);
        // History length 2, 3 items shown. Half 1 takes positions 1 and 3, half 0 position 2.
        const auto odd = trainImpressions(seq, 10, 2, 3, 1, rng);
        QCOMPARE(odd.size(), std::int64_t(2));
        QCOMPARE(odd.history[0][0].item<std::int64_t>(), std::int64_t(5));
        QCOMPARE(odd.history[0][1].item<std::int64_t>(), std::int64_t(10)); // padding
        QCOMPARE(odd.lengths[0].item<std::int64_t>(), std::int64_t(1));
        QCOMPARE(odd.shown[0][0].item<std::int64_t>(), std::int64_t(6));
        QCOMPARE(odd.history[1][0].item<std::int64_t>(), std::int64_t(6)); // the last two before 8
        QCOMPARE(odd.history[1][1].item<std::int64_t>(), std::int64_t(7));
        QCOMPARE(odd.shown[1][0].item<std::int64_t>(), std::int64_t(8));
        QVERIFY(odd.shown.slice(1, 1).ne(odd.shown.slice(1, 0, 1)).all().item<bool>());
        const auto even = trainImpressions(seq, 10, 2, 3, 0, rng);
        QCOMPARE(even.size(), std::int64_t(1));
        QCOMPARE(even.shown[0][0].item<std::int64_t>(), std::int64_t(7));
    }

    void debiasingAddsTheEntropyTermsWhenRewritingChangesNothing()
    {
        // With δ = 0 the rewritten items and histories score the same, both L1 terms vanish and
        // the debiased loss exceeds the plain one by λ_u · 2 H(softmax(u)).
        torch::manual_seed(5);
        LoopNet net(4, 3);
        const auto history = torch::randn({6, 3, 4});
        const auto lengths = torch::tensor({1, 2, 3, 3, 2, 1}, torch::kInt64);
        const auto candidates = torch::randn({6, 2, 4});
        const auto plain
            = loopLoss(net, history, lengths, candidates, torch::zeros({4}), {}).item<double>();
        const auto debiased
            = loopLoss(net, history, lengths, candidates, torch::zeros({4}), {true, 1.0, 0.5, 0.5})
                  .item<double>();
        const auto u = net->users(history, lengths);
        const double entropy = -(u.softmax(-1) * u.log_softmax(-1)).sum(-1).mean().item<double>();
        RS_COMPARE_NEAR(debiased - plain, 0.5 * 2 * entropy, 1e-5);
        // The plain loss is the softmax cross-entropy of the clicked column.
        const auto logits = net->scores(u, candidates);
        RS_COMPARE_NEAR(plain,
                        (logits.logsumexp(1) - logits.select(1, 0)).mean().item<double>(),
                        1e-5);
    }

    void withoutDebiasingTheLoopDriftsToAiAndDebiasingHoldsTheBalance()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("loop.db")).toStdString());
        const auto run = popRun(store, R"({"users": 1200, "items": 600, "seed": 11})");
        FeedbackLoopConfig config;
        config.rounds = 6;
        config.impressionsPerRound = 15000;
        std::vector<double> seen;
        const auto report
            = runFeedbackLoop(m_registry,
                              store,
                              run,
                              config,
                              {},
                              [&](double f, const std::string &) { seen.push_back(f); });
        QCOMPARE(seen.size(), std::size_t(12));
        QCOMPARE(seen.back(), 1.0);
        const auto &plain = report.plain;
        const auto &fair = report.debiased;
        QCOMPARE(plain.size(), std::size_t(6));
        QCOMPARE(plain[0].phase, std::string("HGC-dominate"));
        QCOMPARE(plain[0].clickAigcShare, 0.0);
        RS_COMPARE_NEAR(plain[1].historyAigcShare, report.catalogAigcShare, 1e-12);
        RS_COMPARE_NEAR(plain[2].historyAigcShare, plain[1].clickAigcShare, 1e-12);
        // The echo chamber: AI clicks grow round by round and the ranking turns to AI twins.
        QVERIFY2(plain.back().clickAigcShare > 0.7
                     && plain.back().clickAigcShare > plain[1].clickAigcShare + 0.1,
                 qPrintable(QString("%1 after %2")
                                .arg(plain.back().clickAigcShare)
                                .arg(plain[1].clickAigcShare)));
        QVERIFY2(plain.back().relativeBias < -50,
                 qPrintable(QString::number(plain.back().relativeBias)));
        QCOMPARE(plain.back().phase, std::string("AIGC-dominance"));
        QVERIFY2(plain.back().ndcg < 0.85 * plain[0].ndcg,
                 qPrintable(QString("%1 vs %2").arg(plain.back().ndcg).arg(plain[0].ndcg)));
        // Debiasing keeps the bias at less than half of the plain loop's and the accuracy.
        auto meanAbsBias = [](const std::vector<LoopRound> &rounds) {
            double sum = 0;
            for (std::size_t r = 1; r < rounds.size(); ++r)
                sum += std::abs(rounds[r].relativeBias);
            return sum / double(rounds.size() - 1);
        };
        QVERIFY2(meanAbsBias(fair) < 0.5 * meanAbsBias(plain),
                 qPrintable(QString("%1 vs %2").arg(meanAbsBias(fair)).arg(meanAbsBias(plain))));
        QVERIFY2(fair.back().ndcg > 0.9 * fair[0].ndcg,
                 qPrintable(QString("%1 vs %2").arg(fair.back().ndcg).arg(fair[0].ndcg)));
        // Stored with the run, as it was returned.
        const auto stored = store.audits(run, AnalysisKind::FeedbackLoop);
        QCOMPARE(stored.size(), std::size_t(1));
        QCOMPARE(FeedbackLoopReport::fromJson(stored[0]).toJson(), report.toJson());
        QVERIFY(store.audits(run).empty()); // not a fairness audit
    }

    void badSettingsAndDataAreRefusedAndACancelStoresNothing()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("loop-errors.db")).toStdString());
        const auto plain = popRun(store, R"({"users": 300, "items": 200, "content_dim": 0})");
        RS_EXPECT_ERROR(runFeedbackLoop(m_registry, store, plain, {}),
                        ConfigError,
                        "no item content vectors");
        FeedbackLoopConfig bad;
        bad.eta = -0.5;
        RS_EXPECT_ERROR(runFeedbackLoop(m_registry, store, plain, bad), ConfigError, "loop.eta");
        RS_EXPECT_ERROR(FeedbackLoopConfig::fromJson(R"({"rounds": 0})"),
                        ConfigError,
                        "loop.rounds");
        RS_EXPECT_ERROR(FeedbackLoopConfig::fromJson(R"({"roundz": 3})"), ConfigError, "roundz");

        const auto run = popRun(store, R"({"users": 300, "items": 200})");
        std::stop_source stop;
        FeedbackLoopConfig config;
        config.rounds = 3;
        RS_EXPECT_ERROR(runFeedbackLoop(m_registry,
                                        store,
                                        run,
                                        config,
                                        stop.get_token(),
                                        [&](double, const std::string &) { stop.request_stop(); }),
                        Cancelled,
                        "cancelled");
        QVERIFY(store.audits(run, AnalysisKind::FeedbackLoop).empty());
    }
};

QTEST_GUILESS_MAIN(tst_FeedbackLoop)
#include "tst_feedback_loop.moc"
