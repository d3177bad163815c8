// SPDX-License-Identifier: MIT
// Poisoning attacks and the adversarial defences: the fake profiles each recipe builds, the
// target-item metrics on hand-made ranks, and on synthetic data that an attack raises its
// targets' hit rate and that VAT keeps the rise smaller than plain BPR does.
#include "test_support.h"

#include <recscope/core/attack.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>
#include <recscope/core/synthetic.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <numeric>
#include <set>

using namespace recscope;
using namespace recscope::core;

class tst_Robustness : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { registerBuiltinModels(m_registry); }

    void fakeProfilesFollowTheirRecipe()
    {
        SyntheticConfig sc;
        sc.users = 400;
        sc.items = 300;
        for (const std::string kind : {"random", "bandwagon", "popular", "average", "dp"}) {
            auto data = generateSynthetic(sc).data;
            auto split = makeSplit(data, {});
            const auto realRows = data.numInteractions(), trainRows = split.train.size(), testRows = split.test.size();
            std::vector<std::int64_t> pop(data.numItems(), 0);
            for (auto r : split.train)
                ++pop[std::size_t(data.item[std::size_t(r)])];
            AttackConfig c;
            c.kind = kind;
            c.fakeUserShare = 0.05;
            c.profileLength = 30;
            c.targets = 4;
            const auto plan = applyAttack(data, split, c);
            QCOMPARE(plan.fakeUsers, std::int64_t(20)); // 5% of 400
            QCOMPARE(plan.targets.size(), std::size_t(4));
            QCOMPARE(data.numUsers(), std::size_t(420));
            QCOMPARE(split.test.size(), testRows); // every fake row trains
            QCOMPARE(split.train.size() - trainRows, data.numInteractions() - realRows);
            data.validate();
            // The 10% most popular items by training interactions: what bandwagon and popular use.
            std::vector<std::int64_t> order(pop.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return pop[std::size_t(a)] > pop[std::size_t(b)]; });
            const std::set<std::int64_t> popular(order.begin(), order.begin() + 30), targets(plan.targets.begin(), plan.targets.end());
            for (std::int64_t f = 0; f < plan.fakeUsers; ++f) {
                std::set<std::int64_t> items;
                int fromPopular = 0;
                for (std::size_t r = realRows; r < data.numInteractions(); ++r)
                    if (data.user[r] == plan.realUsers + f) {
                        QVERIFY(items.insert(data.item[r]).second); // no item twice
                        fromPopular += popular.count(data.item[r]) && !targets.count(data.item[r]);
                    }
                QCOMPARE(items.size(), std::size_t(30));
                for (auto t : plan.targets)
                    QVERIFY(items.count(t)); // every profile holds every target
                if (kind == "popular")
                    QCOMPARE(fromPopular, 26);
                if (kind == "bandwagon")
                    QCOMPARE(fromPopular, 13); // half of the 26 fillers
            }
        }
        // The optimised attack trains a surrogate, yet the same spec gives the same fake users: a
        // run's data is rebuilt from its spec for every later analysis.
        AttackConfig dp;
        dp.kind = "dp";
        dp.fakeUserShare = 0.05;
        auto once = generateSynthetic(sc).data, twice = once;
        auto s1 = makeSplit(once, {}), s2 = makeSplit(twice, {});
        applyAttack(once, s1, dp);
        applyAttack(twice, s2, dp);
        QCOMPARE(once.item, twice.item);
        QCOMPARE(once.user, twice.user);
        AttackConfig bad;
        bad.kind = "sybil";
        RS_EXPECT_ERROR(bad.validate(), ConfigError, "attack.kind");
    }

    void targetMetricsMatchHandComputedValues()
    {
        // Target A ranked 1, 12, 60 by three users; target B ranked 5 by one user.
        // T-HR@10: A 1/3, B 1 → 2/3. T-NDCG@10: A (1/log2 2)/3 = 1/3, B 1/log2 6 → mean.
        const std::vector<std::vector<std::int64_t>> ranks{{1, 12, 60}, {5}};
        RS_COMPARE_NEAR(targetHitRate(ranks, 10), 2.0 / 3, 1e-12);
        RS_COMPARE_NEAR(targetHitRate(ranks, 50), (2.0 / 3 + 1) / 2, 1e-12);
        RS_COMPARE_NEAR(targetNdcg(ranks, 10), (1.0 / 3 + 1 / std::log2(6.0)) / 2, 1e-12);
    }

    void attacksRaiseTargetsAndVatResists()
    {
        auto run = [&](const std::string &kind, bool withVat = true) {
            ProjectStore store(m_dir.filePath(QString::fromStdString(kind) + QStringLiteral(".db")).toStdString());
            ExperimentRunner runner(m_registry, store);
            struct Quiet final : RunObserver
            {
            } quiet;
            QString spec = QStringLiteral(R"({"name": "r", "dataset": {"synthetic": {"users": 2000, "items": 1000, "seed": 4}}, "device": "cpu",
                "eval": {"metrics": ["NDCG"], "ks": [10]}, "attack": {"kind": "KIND", "fake_user_share": 0.03, "target_band": "tail"},
                "models": [{"id": "bpr", "params": {"epochs": 40, "learning_rate": 0.005, "patience": 0}}VAT]})");
            spec.replace(QStringLiteral("KIND"), QString::fromStdString(kind));
            spec.replace(QStringLiteral("VAT"), withVat ? QStringLiteral(R"(, {"id": "vat_bpr", "params": {"epochs": 40, "learning_rate": 0.005, "patience": 0}})")
                                                        : QString());
            return runner.run(ExperimentSpec::fromJson(spec.toStdString(), m_registry), {}, quiet);
        };
        const auto clean = run("none"), attacked = run("bandwagon"), optimised = run("dp", false);
        const double bprBefore = clean.runs[0].test.at("T-HR@50"), bprAfter = attacked.runs[0].test.at("T-HR@50");
        const double vatBefore = clean.runs[1].test.at("T-HR@50"), vatAfter = attacked.runs[1].test.at("T-HR@50");
        qInfo("T-HR@50: BPR %.4f → %.4f, VAT %.4f → %.4f; NDCG@10 BPR %.4f VAT %.4f", bprBefore, bprAfter, vatBefore, vatAfter,
              attacked.runs[0].test.at("NDCG@10"), attacked.runs[1].test.at("NDCG@10"));
        QVERIFY(bprAfter > 1.5 * bprBefore);
        QVERIFY2(optimised.runs[0].test.at("T-HR@50") > 1.5 * bprBefore, qPrintable(QString::number(optimised.runs[0].test.at("T-HR@50"))));
        QVERIFY(vatAfter - vatBefore < bprAfter - bprBefore);
        QVERIFY(attacked.runs[1].test.at("NDCG@10") > 0.8 * attacked.runs[0].test.at("NDCG@10")); // the defence's accuracy cost is bounded
    }
};

QTEST_GUILESS_MAIN(tst_Robustness)
#include "tst_robustness.moc"
