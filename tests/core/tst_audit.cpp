// SPDX-License-Identifier: MIT
// The audit: bias metrics on a hand-made 3-user example (values worked out in the comments, with
// both Gini conventions), bootstrap intervals, the attribute attacker, and whole audits of runs
// on synthetic data with and without a planted attribute-genre correlation.
#include "audit/attacker.h"
#include "audit/bias_metrics.h"
#include "test_support.h"

#include <recscope/core/audit.h>
#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

class tst_Audit : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    struct Quiet final : RunObserver
    {
    } m_quiet;

    /// Runs a spec into store, saving weights (audits of stored runs need them).
    ExperimentResult train(ProjectStore &store, const ExperimentSpec &spec)
    {
        ExperimentRunner runner(m_registry, store);
        runner.setCheckpointDir(m_dir.filePath(QStringLiteral("ckpt")).toStdString());
        return runner.run(spec, {}, m_quiet);
    }

    // Items 0..5 with training popularity 5, 3, 1, 1, 0, 0 (10 interactions). Elliot's head is
    // the smallest prefix reaching 80%: items 0 and 1 (8 of 10); the tail is 2..5.
    const std::vector<std::int64_t> m_popularity{5, 3, 1, 1, 0, 0};
    const Lists m_lists{{0, 2}, {1, 4}, {0, 1}};
    const Lists m_train{{1}, {0, 2}, {3}};
    const Lists m_test{{2}, {4, 5}, {1}};

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        torch::set_num_threads(2);
    }

    void popularityBiasMatchesHandComputedValues()
    {
        const auto tail = longTail(m_popularity);
        QCOMPARE(tail, (std::vector<bool>{false, false, true, true, true, true}));
        // APLT = mean(1/2, 1/2, 0) = 1/3; ACLT = mean(1, 1, 0) = 2/3.
        RS_COMPARE_NEAR(aplt(m_lists, tail), 1.0 / 3, 1e-12);
        RS_COMPARE_NEAR(aclt(m_lists, tail), 2.0 / 3, 1e-12);
        // PopRSP: 4 head and 2 tail recommendations; unseen head items 1 + 1 + 2 = 4, unseen tail
        // items 4 + 3 + 3 = 10; P = (1, 0.2), std 0.4, mean 0.6 → 2/3.
        RS_COMPARE_NEAR(popRsp(m_lists, m_train, tail), 2.0 / 3, 1e-12);
        // PopREO: hits head 1 (u2: item 1), tail 2 (u0: 2, u1: 4); unseen test items head 1, tail
        // 1 + 2 = 3; P = (1, 2/3), std 1/6, mean 5/6 → 0.2.
        RS_COMPARE_NEAR(popReo(m_lists, m_test, m_train, tail), 0.2, 1e-12);
        // Exposure counts (2, 2, 1, 0, 1, 0) sorted (0, 0, 1, 1, 2, 2), n 6, C 6:
        // Σ (2j − 7) c_(j) = −1 + 1 + 6 + 10 = 16 → RecBole 16/36, Elliot 1 − 16/30.
        const auto counts = exposureCounts(m_lists, 6);
        QCOMPARE(counts, (std::vector<std::int64_t>{2, 2, 1, 0, 1, 0}));
        RS_COMPARE_NEAR(giniRecBole(counts), 16.0 / 36, 1e-12);
        RS_COMPARE_NEAR(giniElliot(counts), 1 - 16.0 / 30, 1e-12);
        QCOMPARE(giniRecBole({3, 3, 3}), 0.0); // perfectly even
        std::vector<double> x, y;
        lorenzCurve(counts, x, y);
        QCOMPARE(x.front(), 0.0);
        QCOMPARE(y.back(), 1.0);
        RS_COMPARE_NEAR(y[3], 1.0 / 6, 1e-12); // the 3 least recommended items: 0 + 0 + 1 of 6
        // Undefined when a group has no unseen items: NaN, not a number that looks fine.
        QVERIFY(std::isnan(popReo(m_lists, {{}, {}, {}}, m_train, tail)));
    }

    void calibrationMatchesSteck()
    {
        // Genres: 0 → {A}, 1 → {B}, 2 → {A, B}, 3 → {B}, 4 → {A}, 5 → {B}; α = 0.01.
        // u0: p = (0, 1), q = (0.75, 0.25) → KL = ln(1 / 0.2575) = 1.356736
        // u1: p = (0.75, 0.25), q = (0.5, 0.5) → 0.128325; u2: p = (0, 1), q = (0.5, 0.5) →
        // 0.683197
        const std::vector<std::vector<std::int32_t>> genres{{0}, {1}, {0, 1}, {1}, {0}, {1}};
        RS_COMPARE_NEAR(calibrationKl(m_lists, m_train, genres, 2, 0.01),
                        (1.3567355588783463 + 0.12832451526374372 + 0.6831968497067772) / 3,
                        1e-9);
        QCOMPARE(calibrationKl(m_train, m_train, genres, 2, 0.01),
                 0.0); // a list like the history is calibrated
    }

    void bootstrapIntervalsCoverTheMean()
    {
        std::mt19937_64 rng(1);
        std::vector<double> a, b;
        for (int k = 0; k < 400; ++k) {
            a.push_back(k % 2); // mean 0.5, sd 0.5: the 95% interval of the mean is about ±0.049
            b.push_back(k % 4 == 0);
        }
        const auto m = bootstrapMean(a, 2000, rng);
        QCOMPARE(m.mean, 0.5);
        QVERIFY(m.low < 0.5 && m.high > 0.5);
        RS_COMPARE_NEAR(m.high - m.low, 2 * 1.96 * 0.5 / std::sqrt(400.0), 0.015);
        const auto g = bootstrapGap(a, b, 2000, rng);
        QCOMPARE(g.mean, 0.25);
        QVERIFY(g.low > 0.15 && g.high < 0.35);
    }

    void attackerReadsAnAttributeOffTheLists()
    {
        // 600 users; class 1 users get lists from items 0..9, class 0 from 10..19, with 20% noise
        // items from anywhere: the attacker must do far better than the majority guess.
        Lists lists;
        std::vector<std::int32_t> labels;
        std::mt19937_64 rng(3);
        std::uniform_int_distribution<int> ten(0, 9), any(0, 19), coin(0, 4);
        for (int u = 0; u < 600; ++u) {
            const int z = u % 3 == 0 ? 1 : 0; // a third in class 1
            std::vector<std::int64_t> r;
            for (int k = 0; k < 5; ++k)
                r.push_back(coin(rng) == 0 ? any(rng) : (z ? ten(rng) : 10 + ten(rng)));
            lists.push_back(r);
            labels.push_back(u == 5 ? -1 : z);
        }
        const auto s = attributeAttacker(lists, labels, 2, 20, 0.8, 50, 7);
        QCOMPARE(s.trainUsers + s.testUsers, std::int64_t(599)); // the unknown label is left out
        RS_COMPARE_NEAR(s.majority, 2.0 / 3, 0.08);
        QVERIFY2(s.accuracy > 0.9, qPrintable(QString::number(s.accuracy)));
        QVERIFY(s.macroF1 > 0.85);
        // Labels unrelated to the lists: no better than the majority guess (within noise).
        for (auto &l : labels)
            l = l < 0 ? l : std::int32_t(rng() % 2);
        const auto blind = attributeAttacker(lists, labels, 2, 20, 0.8, 50, 7);
        QVERIFY2(blind.accuracy < blind.majority + 0.08,
                 qPrintable(QString::number(blind.accuracy)));
    }

    void auditsDetectThePlantedAttributeBias()
    {
        // Synthetic users' sensitive "group" tilts their genre taste (attribute_genre_correlation);
        // the attacker must read it off BPR's lists when it is planted, and not when it is not.
        struct Audited
        {
            AuditReport report, stored;
            double evaluatorNdcg = 0;
            std::size_t audits = 0;
        };
        auto audit = [&](double correlation) {
            ProjectStore store(
                m_dir.filePath(QStringLiteral("audit-%1.db").arg(correlation)).toStdString());
            const std::string spec
                = R"({"name": "a", "dataset": {"synthetic": {"users": 1500, "items": 400, "attribute_genre_correlation": )"
                  + std::to_string(correlation)
                  + R"(}}, "device": "cpu", "eval": {"metrics": ["NDCG"], "ks": [10]},
                "models": [{"id": "bpr", "params": {"epochs": 15}}]})";
            const auto r = train(store, ExperimentSpec::fromJson(spec, m_registry));
            AuditConfig config;
            config.bootstrap = 300;
            Audited out;
            out.report = runAudit(m_registry, store, r.runIds[0], config);
            out.evaluatorNdcg = store.finalMetrics(r.runIds[0], "test").at("NDCG@10");
            out.audits = store.audits(r.runIds[0]).size();
            out.stored = AuditReport::fromJson(store.audits(r.runIds[0]).back());
            return out;
        };
        const Audited withBias = audit(0.9), without = audit(0.0);
        for (const Audited *audited : {&withBias, &without}) {
            const Audited &a = *audited;
            // The per-user NDCG@10 averages to what the evaluator stored for the run.
            const auto &ndcg
                = *std::find_if(a.report.consumer.begin(),
                                a.report.consumer.end(),
                                [](const ConsumerMetric &m) { return m.metric == "NDCG@10"; });
            double weighted = 0, users = 0;
            for (const auto &g : ndcg.groups) {
                weighted += g.mean * double(g.users);
                users += double(g.users);
                QVERIFY(g.low <= g.mean && g.mean <= g.high);
            }
            RS_COMPARE_NEAR(weighted / users, a.evaluatorNdcg, 1e-6);
            QCOMPARE(a.audits, std::size_t(1));
            QCOMPARE(a.stored.attacker.accuracy, a.report.attacker.accuracy);
            QCOMPARE(a.stored.bias.at("APLT"), a.report.bias.at("APLT"));
        }
        const AuditReport &planted = withBias.report, &none = without.report;
        qInfo("attacker accuracy %.3f (majority %.3f) with the bias, %.3f (majority %.3f) without",
              planted.attacker.accuracy,
              planted.attacker.majority,
              none.attacker.accuracy,
              none.attacker.majority);
        for (const auto &m : planted.consumer)
            qInfo("%s: %s %.4f vs %s, gap %.4f [%.4f, %.4f]",
                  m.metric.c_str(),
                  m.best.c_str(),
                  m.groups.empty() ? 0.0 : m.groups[0].mean,
                  m.worst.c_str(),
                  m.gap,
                  m.gapLow,
                  m.gapHigh);
        for (const auto &[name, v] : planted.bias)
            qInfo("%s %.4f", name.c_str(), v);
        QCOMPARE(planted.attribute, std::string("group"));
        QVERIFY(planted.attacker.accuracy > planted.attacker.majority + 0.15);
        QVERIFY(none.attacker.accuracy < none.attacker.majority + 0.06);
        // Item side: a popularity-biased BPR puts most exposure on the head.
        const auto head = std::find_if(planted.itemGroups.begin(),
                                       planted.itemGroups.end(),
                                       [](const ItemGroupShare &g) {
                                           return g.family == "popularity" && g.group == "head";
                                       });
        QVERIFY(head != planted.itemGroups.end());
        QVERIFY(head->exposureShare > head->catalogShare);
        for (const char *name : {"ARP",
                                 "APLT",
                                 "ACLT",
                                 "PopRSP",
                                 "PopREO",
                                 "GiniRecBole",
                                 "GiniElliot",
                                 "ItemCoverage",
                                 "CalibrationKL"})
            QVERIFY2(planted.bias.count(name), name);
    }

    void aSpecAuditsEveryRunItTrains()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("spec-audit.db")).toStdString());
        const auto spec = ExperimentSpec::fromJson(
            R"({"name": "s", "dataset": {"synthetic": {"users": 200, "items": 100}}, "device": "cpu",
            "eval": {"metrics": ["NDCG"], "ks": [10]}, "audits": {"k": 5, "bootstrap": 50},
            "models": [{"id": "pop"}, {"id": "bpr", "params": {"epochs": 2}}]})",
            m_registry);
        QVERIFY(spec.audits.has_value());
        QCOMPARE(ExperimentSpec::fromJson(spec.toJson(), m_registry).audits->k,
                 5); // written back out
        const auto r = train(store, spec);
        for (auto id : r.runIds) {
            QCOMPARE(store.audits(id).size(), std::size_t(1));
            QCOMPARE(AuditReport::fromJson(store.audits(id).front()).k, 5);
        }
        QCOMPARE(store.auditedRuns(), r.runIds);
        RS_EXPECT_ERROR(
            ExperimentSpec::fromJson(R"({"audits": {"bootstrap": 0}, "models": [{"id": "pop"}]})",
                                     m_registry),
            ConfigError,
            "audits.bootstrap");
    }

    void fairRecHidesTheAttributeAtABoundedCost()
    {
        // Synthetic users' group tilts their genre taste (correlation 0.6). BPR's lists give the
        // group away; FairRec ranks with the bias-free embedding and must give less away while
        // keeping most of BPR's accuracy (README, "Audits", has the λ sweep).
        ProjectStore store(m_dir.filePath(QStringLiteral("fairrec.db")).toStdString());
        const auto r = train(
            store,
            ExperimentSpec::fromJson(
                R"({"name": "f", "dataset": {"synthetic": {"users": 2500, "items": 800, "seed": 9}},
            "device": "cpu", "eval": {"metrics": ["NDCG"], "ks": [10]}, "audits": {"bootstrap": 100},
            "models": [{"id": "bpr", "params": {"epochs": 30, "learning_rate": 0.005, "patience": 0}},
                       {"id": "fairrec_bpr", "params": {"epochs": 30, "learning_rate": 0.005, "patience": 0}},
                       {"id": "fairrec_bpr", "label": "wrong", "params": {"epochs": 1, "attribute": "nope"}}]})",
                m_registry));
        const auto bpr = AuditReport::fromJson(store.audits(r.runIds[0]).back());
        const auto fair = AuditReport::fromJson(store.audits(r.runIds[1]).back());
        const double bprNdcg = r.runs[0].test.at("NDCG@10"),
                     fairNdcg = r.runs[1].test.at("NDCG@10");
        qInfo("attacker accuracy: BPR %.3f, FairRec %.3f (majority %.3f); NDCG@10 %.4f vs %.4f",
              bpr.attacker.accuracy,
              fair.attacker.accuracy,
              bpr.attacker.majority,
              bprNdcg,
              fairNdcg);
        QVERIFY(fair.attacker.accuracy < bpr.attacker.accuracy - 0.08);
        QVERIFY(fairNdcg > 0.6 * bprNdcg);
        QCOMPARE(r.runs[2].status, RunStatus::Failed);
        QVERIFY(r.runs[2].message.find("no categorical user attribute 'nope'")
                != std::string::npos);
    }

    void fairRecOnSasRecHidesTheAttributeToo()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("fairsas.db")).toStdString());
        const auto r = train(
            store,
            ExperimentSpec::fromJson(
                R"({"name": "f", "dataset": {"synthetic": {"users": 2000, "items": 800, "seed": 9}},
            "device": "cpu", "eval": {"metrics": ["NDCG"], "ks": [10]}, "audits": {"bootstrap": 100},
            "models": [{"id": "sasrec", "params": {"epochs": 20, "hidden_size": 32, "loss": "ce", "dropout": 0.2, "patience": 0}},
                       {"id": "fairrec_sasrec", "params": {"epochs": 20, "hidden_size": 32, "patience": 0}}]})",
                m_registry));
        const auto plain = AuditReport::fromJson(store.audits(r.runIds[0]).back());
        const auto fair = AuditReport::fromJson(store.audits(r.runIds[1]).back());
        qInfo("attacker accuracy: SASRec %.3f, FairRec %.3f (majority %.3f); NDCG@10 %.4f vs %.4f",
              plain.attacker.accuracy,
              fair.attacker.accuracy,
              plain.attacker.majority,
              r.runs[0].test.at("NDCG@10"),
              r.runs[1].test.at("NDCG@10"));
        QVERIFY(fair.attacker.accuracy < plain.attacker.accuracy - 0.03);
        QVERIFY(r.runs[1].test.at("NDCG@10") > 0.8 * r.runs[0].test.at("NDCG@10"));
    }

    void badSettingsNameTheirField()
    {
        RS_EXPECT_ERROR(AuditConfig::fromJson(R"({"k": 0})"), ConfigError, "audit.k");
        RS_EXPECT_ERROR(AuditConfig::fromJson(R"({"head_share": 1.5})"),
                        ConfigError,
                        "audit.head_share");
        RS_EXPECT_ERROR(AuditConfig::fromJson(R"({"kk": 3})"), ConfigError, "audit.kk");
        QCOMPARE(AuditConfig::fromJson(AuditConfig{}.toJson()).bootstrap, 1000);
    }
};

QTEST_GUILESS_MAIN(tst_Audit)
#include "tst_audit.moc"
