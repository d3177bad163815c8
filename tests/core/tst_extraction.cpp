// SPDX-License-Identifier: MIT
// Few-shot model extraction: the black box, the transition sampler, real-prefix labelling and
// autoregressive synthesis against a victim whose lists are known by construction, the
// distillation loss on hand-worked scores, and whole extractions of a trained SASRec.
#include "extraction/black_box.h"
#include "extraction/surrogate.h"
#include "extraction/synthesis.h"
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/extraction.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/nn/module.h>

#include <cmath>
#include <numeric>
#include <set>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

namespace {

/// A victim whose ranking is known: after last item j, items j+1, j+2, ... (mod n) in order.
class SuccessorVictim final : public sdk::Model
{
public:
    explicit SuccessorVictim(std::int64_t n)
        : m_n(n)
    {}
    void setup(const sdk::TrainData &) override {}
    torch::nn::Module &module() override { return m_module; }
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        auto out = torch::zeros({users.size(0), m_n});
        for (std::int64_t b = 0; b < users.size(0); ++b) {
            const auto last = history.of(users[b].item<std::int64_t>()).back();
            for (std::int64_t i = 0; i < m_n; ++i)
                out[b][i] = -double((i - last - 1 + m_n) % m_n);
        }
        return out;
    }

private:
    std::int64_t m_n;
    torch::nn::Module m_module;
};

/// A victim that records the times it is asked with, and lists by SuccessorVictim's rule.
class ClockedVictim final : public sdk::Model
{
public:
    void setup(const sdk::TrainData &) override {}
    torch::nn::Module &module() override { return m_module; }
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        for (std::int64_t b = 0; b < users.size(0); ++b) {
            const auto t = history.timesOf(users[b].item<std::int64_t>());
            seen.emplace_back(t.begin(), t.end());
        }
        return m_rule.score(users, history);
    }
    Sequences seen;

private:
    SuccessorVictim m_rule{12};
    torch::nn::Module m_module;
};

/// Row-order times for prefixes (0, 1, 2, ...), for victims that ignore time.
Sequences rowOrder(const Sequences &prefixes)
{
    Sequences out;
    for (const auto &p : prefixes) {
        out.emplace_back(p.size());
        std::iota(out.back().begin(), out.back().end(), 0);
    }
    return out;
}

} // namespace

class tst_Extraction : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    struct Quiet final : RunObserver
    {
    } m_quiet;

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        torch::set_num_threads(2);
    }

    void theBlackBoxReturnsListsWithoutThePrefixAndCountsQueries()
    {
        const auto top = maskedTopK(torch::tensor({0.1, 0.9, 0.5, 0.3}).view({1, 4}), {{1}}, 2);
        QCOMPARE(top[0], (std::vector<std::int64_t>{2, 3}));
        SuccessorVictim victim(8);
        BlackBox box(victim, 8, 3);
        // After 2: 3, 4, 5. After [4, 5]: 6, 7, 0. After [3, 0, 1, 2]: 4, 5, 6 (3 is in the
        // prefix).
        const Sequences prefixes{{2}, {4, 5}, {3, 0, 1, 2}};
        const auto lists = box.topK(prefixes, rowOrder(prefixes));
        QCOMPARE(lists[0], (std::vector<std::int64_t>{3, 4, 5}));
        QCOMPARE(lists[1], (std::vector<std::int64_t>{6, 7, 0}));
        QCOMPARE(lists[2], (std::vector<std::int64_t>{4, 5, 6}));
        QCOMPARE(box.queries(), std::int64_t(3));
    }

    void theSamplerWeighsTransitionsWithPopularityBackOff()
    {
        // Transitions 0→1 twice, 1→2 once; popularity 2, 2, 1, 0 of 5 clicks, 4 items:
        // w(0→1) = 2 + 3/9, w(0→3) = 0 + 1/9.
        const TransitionSampler sampler({{0, 1, 2}, {0, 1}}, 4);
        RS_COMPARE_NEAR(sampler.weight(0, 1), 2 + 3.0 / 9, 1e-12);
        RS_COMPARE_NEAR(sampler.weight(0, 3), 1.0 / 9, 1e-12);
        std::mt19937_64 rng(2);
        const std::vector<std::int64_t> list{1, 3};
        int ones = 0;
        for (int d = 0; d < 4000; ++d)
            ones += sampler.next(0, &list, rng) == 1;
        RS_COMPARE_NEAR(ones / 4000.0, (2 + 3.0 / 9) / (2 + 4.0 / 9), 0.015);
    }

    void realPrefixesAreLabelledUntilTheBudgetIsSpent()
    {
        SuccessorVictim victim(8);
        BlackBox box(victim, 8, 2);
        const Sequences real{{0, 1, 2}, {4, 5, 6, 7}};
        const auto set = queryRealSequences(box, real, rowOrder(real), 5, 10, {});
        QCOMPARE(set.queries, std::int64_t(5));
        QCOMPARE(set.sequences.size(), std::size_t(2));
        QCOMPARE(set.sequences[1], (std::vector<std::int64_t>{4, 5})); // cut short by the budget
        QCOMPARE(set.labels[0][1], (std::vector<std::int64_t>{2, 3})); // after [0, 1]
        QCOMPARE(set.labels[1][0], (std::vector<std::int64_t>{5, 6})); // after [4]
        // Every next real item is the victim's first pick: the list hit rate is 1.
        QCOMPARE(listHitRate(set), 1.0);
    }

    void synthesisSpendsTheBudgetExactlyAndFollowsTheListsAtGateOne()
    {
        SuccessorVictim victim(12);
        BlackBox box(victim, 12, 3);
        const TransitionSampler sampler({{0, 1, 2, 3}}, 12);
        std::mt19937_64 rng(4);
        const auto set = synthesise(
            box, sampler, {{5, 6}}, {{0, 1}}, GapSampler({{0, 1}}), 10, 4, 1.0, rng, {});
        QCOMPARE(set.queries, std::int64_t(10));
        QCOMPARE(box.queries(), std::int64_t(10));
        std::vector<std::size_t> lengths;
        for (const auto &s : set.sequences)
            lengths.push_back(s.size());
        // Three sequences grow together (⌈10 / 4⌉); the tenth query extends only the first.
        QCOMPARE(lengths, (std::vector<std::size_t>{4, 3, 3}));
        for (std::size_t s = 0; s < set.sequences.size(); ++s) {
            QCOMPARE(set.sequences[s].front(),
                     std::int64_t(5)); // seeded from the few-shot sequence
            for (std::size_t t = 0; t + 1 < set.sequences[s].size(); ++t) {
                const auto &list = set.labels[s][t];
                QCOMPARE(list.front(), set.sequences[s][t] + 1);
                QVERIFY(std::find(list.begin(), list.end(), set.sequences[s][t + 1]) != list.end());
            }
        }
    }

    void queriesCarryRealOrRealisticTimes()
    {
        // A time-aware victim (HSTU) must not be asked with the clock 0, 1, 2, ...: real prefixes
        // keep their timestamps; synthetic ones start at the seed's first time and advance by gaps
        // seen in the real sequences (here 100 and 3,600 s).
        ClockedVictim victim;
        BlackBox box(victim, 12, 3);
        const Sequences real{{0, 1, 2}}, realTimes{{5000, 5100, 8700}};
        queryRealSequences(box, real, realTimes, 3, 10, {});
        QCOMPARE(victim.seen, (Sequences{{5000}, {5000, 5100}, {5000, 5100, 8700}}));
        victim.seen.clear();
        const TransitionSampler sampler(real, 12);
        std::mt19937_64 rng(1);
        synthesise(box, sampler, real, realTimes, GapSampler(realTimes), 40, 4, 0.5, rng, {});
        QCOMPARE(victim.seen.size(), std::size_t(40));
        std::set<std::int64_t> gapsSeen;
        for (const auto &t : victim.seen) {
            QCOMPARE(t.front(), std::int64_t(5000));
            for (std::size_t k = 1; k < t.size(); ++k)
                gapsSeen.insert(t[k] - t[k - 1]);
        }
        QCOMPARE(gapsSeen, (std::set<std::int64_t>{100, 3600}));
        QCOMPARE(GapSampler(Sequences{{7}}).draw(rng), std::int64_t(1)); // no gap to learn from
    }

    void distillationLossMatchesHandValues()
    {
        // Scores of items 0..3: [3, 1, 0, 2.5]; the victim lists 0, 2, 1; sampled items 3.
        // Consecutive places: s0 − s2 = 3 → 0; s2 − s1 = −1 → 0.5 + 1 = 1.5; mean 0.75.
        // Against item 3: 0.5 − (3 − 2.5) = 0, 0.5 − (0 − 2.5) = 3, 0.5 − (1 − 2.5) = 2; mean 5/3.
        const auto logits = torch::tensor({3.0, 1.0, 0.0, 2.5}).view({1, 4});
        const auto lists = torch::tensor({0, 2, 1}, torch::kInt64).view({1, 3});
        const auto negatives = torch::full({1, 3}, 3, torch::kInt64);
        RS_COMPARE_NEAR(distillationLoss(logits, lists, negatives, {}, 0.5, 0.0, 2).item<double>(),
                        0.75 + 5.0 / 3,
                        1e-6);
        // Repair at R = 2: the surrogate's top-2 is 0, 3 (threshold 2.5); the victim's top-2 item
        // 2 (score 0) is missed and 3 is not on the victim's list: one pair, softplus(2.5 − 0).
        RS_COMPARE_NEAR(distillationLoss(logits, lists, negatives, {}, 0.5, 1.0, 2).item<double>(),
                        0.75 + 5.0 / 3 + std::log1p(std::exp(2.5)),
                        1e-5);
        // With item 3 in the prefix the surrogate's top-2 is 0, 1, both listed: no pair.
        const auto seen = torch::tensor({false, false, false, true}).view({1, 4});
        RS_COMPARE_NEAR(distillationLoss(logits, lists, negatives, seen, 0.5, 1.0, 2)
                            .item<double>(),
                        0.75 + 5.0 / 3,
                        1e-6);
    }

    void extractionAgreesMoreWithMoreQueriesAndWithSynthesis()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("extract.db")).toStdString());
        ExperimentRunner runner(m_registry, store);
        runner.setCheckpointDir(m_dir.filePath(QStringLiteral("ckpt")).toStdString());
        const std::string spec
            = R"({"name": "x", "dataset": {"synthetic": {"users": 800, "items": 300, "seed": 5}},
            "eval": {"metrics": ["NDCG"], "ks": [10]}, "models": [
              {"id": "sasrec", "params": {"epochs": 20, "batch_size": 64, "learning_rate": 0.002, "dropout": 0.2}},
              {"id": "bpr", "params": {"epochs": 2}}]})";
        const auto runs
            = runner.run(ExperimentSpec::fromJson(spec, m_registry), {}, m_quiet).runIds;
        ExtractionConfig config;
        config.budgets = {1000, 5000};
        config.epochs = 40;
        config.evalUsers = 400;
        int calls = 0;
        const auto report = runExtraction(m_registry,
                                          store,
                                          runs[0],
                                          config,
                                          {},
                                          [&](double, const std::string &) { ++calls; });
        QCOMPARE(calls, 6);
        QCOMPARE(report.fewShotUsers, std::int64_t(80));
        QCOMPARE(report.evalUsers, std::int64_t(400));
        auto at = [&](const std::string &variant, std::int64_t budget) {
            for (const auto &p : report.points)
                if (p.variant == variant && p.budget == budget)
                    return p;
            return ExtractionPoint{};
        };
        QCOMPARE(at("augmented", 5000).queries, std::int64_t(5000));
        QVERIFY(at("few-shot", 5000).queries < 5000); // 80 users' prefixes run out
        QCOMPARE(at("few-shot", 5000).gate, 0.0);
        QVERIFY(at("augmented", 5000).gate > 0.2 && at("augmented", 5000).gate < 1);
        const double augmented = at("augmented", 5000).agreement.at(10);
        const double chance = 10.0 / 300; // random lists share K²/I items on average
        QVERIFY2(augmented > 5 * chance, qPrintable(QString::number(augmented)));
        QVERIFY2(augmented > at("augmented", 1000).agreement.at(10),
                 qPrintable(QString::number(at("augmented", 1000).agreement.at(10))));
        QVERIFY2(augmented > at("few-shot", 5000).agreement.at(10),
                 qPrintable(QString::number(at("few-shot", 5000).agreement.at(10))));
        for (const auto &p : report.points) {
            QVERIFY(p.agreement.at(1) >= 0 && p.agreement.at(20) <= 1);
            QVERIFY(p.ndcg > 0);
        }
        const auto stored = store.audits(runs[0], AnalysisKind::Extraction);
        QCOMPARE(stored.size(), std::size_t(1));
        QCOMPARE(ExtractionReport::fromJson(stored[0]).toJson(), report.toJson());

        RS_EXPECT_ERROR(runExtraction(m_registry, store, runs[1], config),
                        ConfigError,
                        "not a sequential");
        ExtractionConfig bad = config;
        bad.variants = {"augmented", "magic"};
        RS_EXPECT_ERROR(runExtraction(m_registry, store, runs[0], bad),
                        ConfigError,
                        "extraction.variants",
                        "magic");
        RS_EXPECT_ERROR(ExtractionConfig::fromJson(R"({"budgets": [100, "x"]})"),
                        ConfigError,
                        "extraction.budgets");
        RS_EXPECT_ERROR(ExtractionConfig::fromJson(R"({"few_shot_share": 1.5})"),
                        ConfigError,
                        "extraction.few_shot_share");
        std::stop_source stop;
        RS_EXPECT_ERROR(runExtraction(m_registry,
                                      store,
                                      runs[0],
                                      config,
                                      stop.get_token(),
                                      [&](double, const std::string &) { stop.request_stop(); }),
                        Cancelled,
                        "cancelled");
        QCOMPARE(store.audits(runs[0], AnalysisKind::Extraction).size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(tst_Extraction)
#include "tst_extraction.moc"
