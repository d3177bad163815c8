// SPDX-License-Identifier: MIT
// Every expected number here was computed by hand (shown in the comments).
#include "eval/ranking_evaluator.h"
#include "model/train_data.h"
#include "test_support.h"

#include <recscope/core/evaluation.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace recscope;
using namespace recscope::core;

namespace {

/// Returns a fixed score table, ignoring history: lets the evaluator be checked in isolation.
/// Factored, it also offers the table as one-hot users × tableᵀ, so full ranking goes through the
/// fused top-K kernel instead of the score matrix.
class TableModel final : public sdk::Model
{
public:
    explicit TableModel(torch::Tensor table, bool factored = false)
        : m_table(std::move(table))
        , m_factored(factored)
    {}
    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &) override
    {
        if (!m_factored)
            return {};
        return {torch::eye(m_table.size(0)).index_select(0, users), m_table.t().contiguous()};
    }
    void setup(const sdk::TrainData &) override {}
    torch::nn::Module &module() override { return m_module; }
    bool trainable() const override { return false; }
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return m_table.index_select(0, users);
    }

private:
    torch::Tensor m_table;
    bool m_factored;
    torch::nn::Module m_module;
};

/// The two ways full ranking gets its top K: the model's score matrix, or its factors through
/// the fused kernel (kernels/masked_topk.h). Both must give the hand-computed values.
void scoringPaths()
{
    QTest::addColumn<bool>("factored");
    QTest::newRow("score matrix") << false;
    QTest::newRow("fused top-K") << true;
}

sdk::UserItems lists(const std::vector<std::vector<std::int64_t>> &per)
{
    sdk::UserItems u;
    u.offsets = {0};
    for (const auto &l : per) {
        u.items.insert(u.items.end(), l.begin(), l.end());
        u.offsets.push_back(std::int64_t(u.items.size()));
    }
    return u;
}

// Items A..E = 0..4. Training: u0 {A, D}, u1 {A}, u2 {B} → row counts A 2, B 1, C 0, D 1, E 0.
struct Fixture
{
    Dataset data;
    sdk::TrainData train;
    Fixture()
    {
        data.userIds = {"u0", "u1", "u2"};
        data.itemIds = {"A", "B", "C", "D", "E"};
        train.dataset = &data;
        train.numUsers = 3;
        train.numItems = 5;
        train.sequences = lists({{0, 3}, {0}, {1}});
        train.sortedItems = core::detail::sortedUnique(train.sequences);
    }
};

} // namespace

class tst_RankingMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accuracyByHand()
    {
        // User a: hits at ranks 1 and 3 of 4, |Te| = 2. User b: hit at rank 4, |Te| = 3.
        auto hits = torch::tensor({1., 0., 1., 0., 0., 0., 0., 1.}, torch::kFloat64).view({2, 4});
        auto pos = torch::tensor({2, 3}, torch::kInt64);
        EvalConfig c;
        c.metrics = {"Hit", "Recall", "Precision", "MRR", "NDCG", "MAP"};
        c.ks = {2, 4};
        core::detail::AccuracySums s;
        core::detail::accumulateAccuracy(hits, pos, c, s);
        auto mean = [&](const char *n) { return s.sums.at(n) / double(s.users); };
        RS_COMPARE_NEAR(mean("Hit@2"), 0.5, 1e-12);
        RS_COMPARE_NEAR(mean("Hit@4"), 1.0, 1e-12);
        RS_COMPARE_NEAR(mean("Recall@2"), 0.25, 1e-12); // (1/2 + 0) / 2
        RS_COMPARE_NEAR(mean("Recall@4"), (1.0 + 1.0 / 3) / 2, 1e-12);
        RS_COMPARE_NEAR(mean("Precision@4"), 0.375, 1e-12); // (2/4 + 1/4) / 2
        RS_COMPARE_NEAR(mean("MRR@2"), 0.5, 1e-12);         // (1 + 0) / 2
        RS_COMPARE_NEAR(mean("MRR@4"), 0.625, 1e-12);       // (1 + 1/4) / 2
        // a: (1 + 1/log2 4) / (1 + 1/log2 3) = 0.919721; b: (1/log2 5) / (1 + 1/log2 3 + 1/2) =
        // 0.202107
        RS_COMPARE_NEAR(mean("NDCG@4"), (0.9197207891481876 + 0.20210734650054757) / 2, 1e-9);
        // RecBole MAP: a: (1/1 + 2/3) / min(2, 4); b: (1/4) / min(3, 4)
        RS_COMPARE_NEAR(mean("MAP@4"), ((1.0 + 2.0 / 3) / 2 + 0.25 / 3) / 2, 1e-12);
    }

    void beyondAccuracyMatchesTheWorkedExample_data() { scoringPaths(); }
    void beyondAccuracyMatchesTheWorkedExample()
    {
        // research/peers.md §4.6: lists u0 {A,B}, u1 {A,C}, u2 {A,B}, n = 5, K = 2:
        // RecBole GiniIndex 0.5333, coverage 3/5.
        Fixture f;
        auto table = torch::tensor({5., 4., 0., 0., 0., 5., 0., 4., 0., 0., 5., 4., 0., 0., 0.},
                                   torch::kFloat32)
                         .view({3, 5});
        QFETCH(bool, factored);
        TableModel model(table, factored);
        EvalConfig c;
        c.metrics = {"Hit", "ItemCoverage", "GiniIndex", "AveragePopularity", "Novelty"};
        c.ks = {2};
        c.maskHistory = false;
        const auto facts = core::detail::makeItemFacts(f.train, torch::kCPU);
        const auto m = core::detail::evaluateRanking(model,
                                                     f.train,
                                                     f.train.sequences,
                                                     lists({{0}, {2}, {4}}),
                                                     c,
                                                     facts);
        RS_COMPARE_NEAR(m.at("GiniIndex@2"), 16.0 / 30.0, 1e-9);
        RS_COMPARE_NEAR(m.at("ItemCoverage@2"), 0.6, 1e-12);
        RS_COMPARE_NEAR(m.at("Hit@2"), 2.0 / 3.0, 1e-12); // u0 hits A, u1 hits C, u2 misses E
        RS_COMPARE_NEAR(m.at("AveragePopularity@2"), (1.5 + 1.0 + 1.5) / 3, 1e-9);
        // Novelty: -log2 of the user share; C was never seen and counts as one user (1/3).
        const double nov = (-std::log2(2.0 / 3) - std::log2(1.0 / 3)) / 2;
        RS_COMPARE_NEAR(m.at("Novelty@2"), nov, 1e-6);
        QCOMPARE(m.at("users"), 3.0);
    }

    void historyIsMaskedButTargetsStay_data() { scoringPaths(); }
    void historyIsMaskedButTargetsStay()
    {
        Fixture f;
        // Everyone prefers A > B > C > D > E. u0 knows A and D; its target is A (a repeat).
        auto table = torch::tensor({5., 4., 3., 2., 1.}, torch::kFloat32).repeat({3, 1});
        QFETCH(bool, factored);
        TableModel model(table, factored);
        EvalConfig c;
        c.metrics = {"Hit", "MRR"};
        c.ks = {1};
        const auto facts = core::detail::makeItemFacts(f.train, torch::kCPU);
        // Targets: u0 → A (kept although in history), u1 → B (A masked so B is first), u2 → C
        // (B masked, so A first, C second: no hit at 1).
        const auto m = core::detail::evaluateRanking(model,
                                                     f.train,
                                                     f.train.sequences,
                                                     lists({{0}, {1}, {2}}),
                                                     c,
                                                     facts);
        RS_COMPARE_NEAR(m.at("Hit@1"), 2.0 / 3.0, 1e-12);
    }

    void sampledRankingUsesOnlyCandidates()
    {
        Fixture f;
        auto table = torch::tensor({5., 4., 3., 2., 1.}, torch::kFloat32).repeat({3, 1});
        TableModel model(table);
        EvalConfig c;
        c.metrics = {"Hit"};
        c.ks = {1};
        c.sampledNegatives = 1; // one negative: the target wins unless the negative outranks it
        const auto facts = core::detail::makeItemFacts(f.train, torch::kCPU);
        // u1's target is E (lowest score): any sampled negative beats it → Hit@1 = 0 for u1.
        const auto m = core::detail::evaluateRanking(model,
                                                     f.train,
                                                     f.train.sequences,
                                                     lists({{}, {4}, {}}),
                                                     c,
                                                     facts);
        QCOMPARE(m.at("users"), 1.0);
        QCOMPARE(m.at("Hit@1"), 0.0);
        QCOMPARE(m.at("sampled_negatives"), 1.0);
        QVERIFY(!m.count("GiniIndex@1"));
    }

    void ctrMetricsByHand()
    {
        // Scores 0.1 0.4 0.35 0.8 with labels 0 0 1 1: pairs (pos > neg) 3 of 4 → AUC 0.75.
        const std::vector<float> s{0.1f, 0.4f, 0.35f, 0.8f}, y{0, 0, 1, 1};
        RS_COMPARE_NEAR(auc(s, y), 0.75, 1e-12);
        // A tie between a positive and a negative counts one half.
        const std::vector<float> st{0.5f, 0.5f}, yt{0, 1};
        RS_COMPARE_NEAR(auc(st, yt), 0.5, 1e-12);
        QVERIFY(std::isnan(auc(std::vector<float>{0.3f}, std::vector<float>{1})));
        // GAUC: group 1 rows {0.1:0, 0.4:0, 0.35:1, 0.8:1} AUC 0.75 (4 rows), group 2 {0.2:1,
        // 0.9:0} AUC 0 (2 rows), group 3 single class (ignored): (0.75*4 + 0*2) / 6 = 0.5.
        const std::vector<float> gs{0.1f, 0.4f, 0.35f, 0.8f, 0.2f, 0.9f, 0.5f},
            gy{0, 0, 1, 1, 1, 0, 1};
        const std::vector<std::int64_t> g{1, 1, 1, 1, 2, 2, 3};
        RS_COMPARE_NEAR(gauc(gs, gy, g), 0.5, 1e-12);
        // LogLoss: -(ln 0.9 + ln 0.8) / 2 for p = 0.9 (y = 1) and p = 0.2 (y = 0).
        const std::vector<float> p{0.9f, 0.2f}, py{1, 0};
        RS_COMPARE_NEAR(logLoss(p, py), -(std::log(0.9) + std::log(0.8)) / 2, 1e-7);
    }
};

QTEST_GUILESS_MAIN(tst_RankingMetrics)
#include "tst_ranking_metrics.moc"
