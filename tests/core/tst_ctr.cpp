// SPDX-License-Identifier: MIT
// The CTR task and its models (DIN, TIN, TWIN, TWIN w/ proj., DARE): samples, masks, attention
// and the two-stage search checked on hand-made inputs, then learning on synthetic data.
#include "ctr/ctr_data.h"
#include "ctr/ctr_layers.h"
#include "ctr/ctr_runner.h"
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>
#include <recscope/core/synthetic.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

namespace {

/// User a: items 0,1,2,3 at t = 0,10,20,30; user b: items 2,4 at t = 5,6. Items 0 and 2 are
/// category "x", 1 and 3 category "y", 4 has none.
Dataset tiny()
{
    Dataset d;
    d.userIds = {"a", "b"};
    d.itemIds = {"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7"};
    d.user = {0, 0, 0, 0, 1, 1};
    d.item = {0, 1, 2, 3, 2, 4};
    d.time = {0, 10, 20, 30, 5, 6};
    d.value.assign(6, 1.0f);
    d.hasTime = true;
    d.itemCategories.name = "genre";
    d.itemCategories.vocabulary = {"x", "y"};
    d.itemCategories.offsets = {0, 1, 2, 3, 4, 4, 4, 4, 4};
    d.itemCategories.tokens = {0, 1, 0, 1};
    return d;
}

} // namespace

class tst_Ctr : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        torch::set_num_threads(2);
    }

    void timeBucketsAreLog2()
    {
        QCOMPARE(timeBucket(0), std::int64_t(1));
        QCOMPARE(timeBucket(1), std::int64_t(2));
        QCOMPARE(timeBucket(2), std::int64_t(2));
        QCOMPARE(timeBucket(3), std::int64_t(3));
        QCOMPARE(timeBucket(7), std::int64_t(4));
        QCOMPARE(timeBucket(86400), std::int64_t(17)); // 2^16 ≤ 86401 < 2^17
        QCOMPARE(timeBucket(-5), std::int64_t(1));
        QVERIFY(timeBucket(std::numeric_limits<std::int64_t>::max()) < sdk::CtrShape::kTimeBuckets);
    }

    void samplesFollowTheSplit()
    {
        const Dataset d = tiny();
        const Split split = makeSplit(d, {});
        CtrConfig c;
        c.maxHistory = 3;
        c.relevanceWindow = 2;
        CtrData data(d, split, c, 1);
        // a: rows 0..3 → train target j = 1 (row 1), valid j = 2, test j = 3. b has two rows, too
        // few for leave-one-out, so both train: target j = 1. Each click brings one negative.
        QCOMPARE(data.train.size(), std::size_t(4));
        QCOMPARE(data.valid.size(), std::size_t(2));
        QCOMPARE(data.test.size(), std::size_t(2));
        QCOMPARE(data.train[0].item, std::int64_t(1));
        QCOMPARE(data.train[2].item, std::int64_t(4));
        QCOMPARE(data.train[0].label, 1.0f);
        for (const auto *part : {&data.train, &data.valid, &data.test})
            for (const auto &s : *part)
                if (s.label == 0.0f) // in leave-one-out every earlier row is visible: no item
                                     // touched by then
                    for (std::size_t r = 0; r < d.user.size(); ++r)
                        if (d.user[r] == s.user && d.time[r] <= d.time[std::size_t(s.row)])
                            QVERIFY(d.item[r] != s.item);

        // a's test sample: history i0, i1, i2 right-aligned (ids + 1), target i3 at t = 30.
        const auto b = data.batch(std::span(data.test.data(), 1));
        QCOMPARE(b.history.sizes(), (torch::IntArrayRef{1, 3}));
        QVERIFY(torch::equal(b.history[0], torch::tensor({1, 2, 3}, torch::kInt64)));
        QVERIFY(torch::equal(b.categories[0], torch::tensor({1, 2, 1}, torch::kInt64)));
        QVERIFY(torch::equal(b.timeBuckets[0],
                             torch::tensor({timeBucket(30), timeBucket(20), timeBucket(10)})));
        QCOMPARE(b.target[0].item<std::int64_t>(), std::int64_t(4));
        QCOMPARE(b.targetCategory[0].item<std::int64_t>(), std::int64_t(2));
        // b's sample: one behaviour, left-padded.
        const auto pb = data.batch(std::span(data.train.data() + 2, 1));
        QVERIFY(torch::equal(pb.history[0], torch::tensor({0, 0, 3}, torch::kInt64)));
        QVERIFY(torch::equal(pb.padding()[0], torch::tensor({true, true, false})));

        // Relevance: same category as the target (y) among the 2 most recent: only i1 at slot 1.
        const auto rel = data.relevance(std::span(data.test.data(), 1));
        QVERIFY(torch::equal(rel[0], torch::tensor({false, true, false})));
    }

    void noLeakUnderARandomOrderSplit()
    {
        // A random-order ratio split interleaves the parts in time. A sample's history holds only
        // earlier rows its part may see (training samples: training rows; validation: training;
        // test: training + validation), and its negatives are neither the target nor anything
        // those rows hold — a later item may be one (the user had not clicked it yet).
        SyntheticConfig sc;
        sc.users = 200;
        sc.items = 60;
        sc.meanLength = 25;
        const auto synth = generateSynthetic(sc);
        const Dataset &d = synth.data;
        SplitConfig sp;
        sp.kind = SplitKind::UserRatio;
        sp.timeOrdered = false;
        const Split split = makeSplit(d, sp);
        std::vector<int> part(d.numInteractions(), 0);
        for (auto r : split.train)
            part[std::size_t(r)] = 1;
        for (auto r : split.valid)
            part[std::size_t(r)] = 2;
        for (auto r : split.test)
            part[std::size_t(r)] = 3;
        // Position of each row in its user's time order (ties keep file order).
        const UserSequences seq = buildUserSequences(d);
        std::vector<std::int64_t> position(d.numInteractions());
        for (std::int64_t u = 0; u < std::int64_t(d.numUsers()); ++u) {
            const auto rows = seq.of(u);
            for (std::size_t j = 0; j < rows.size(); ++j)
                position[std::size_t(rows[j])] = std::int64_t(j);
        }
        CtrConfig c;
        c.maxHistory = 1000;
        CtrData data(d, split, c, 3);
        std::int64_t futureNegatives = 0, interleaved = 0;
        const std::pair<const std::vector<CtrSample> *, int> parts[]
            = {{&data.train, 1}, {&data.valid, 2}, {&data.test, 3}};
        for (const auto &[samples, which] : parts) {
            QVERIFY(!samples->empty());
            for (const auto &s : *samples) {
                QCOMPARE(part[std::size_t(s.row)], which);
                const auto target = position[std::size_t(s.row)];
                std::int64_t visibleBefore = 0;
                for (auto r : seq.of(s.user))
                    visibleBefore += position[std::size_t(r)] < target
                                     && (part[std::size_t(r)] == 1
                                         || (which == 3 && part[std::size_t(r)] == 2));
                const auto history = data.historyRows(s);
                QCOMPARE(std::int64_t(history.size()),
                         visibleBefore); // every visible earlier row, nothing else
                for (auto r : history) {
                    QVERIFY(position[std::size_t(r)] < target);
                    QVERIFY(part[std::size_t(r)] == 1 || (which == 3 && part[std::size_t(r)] == 2));
                }
                interleaved += which == 1 && std::int64_t(history.size()) < target;
                if (s.label > 0.5f)
                    continue;
                QVERIFY(s.item != d.item[std::size_t(s.row)]);
                for (auto r : history)
                    QVERIFY(d.item[std::size_t(r)] != s.item); // nothing the sample can see
                bool later = false;
                for (auto r : seq.of(s.user))
                    later = later
                            || (d.item[std::size_t(r)] == s.item
                                && position[std::size_t(r)] > target);
                futureNegatives += later;
            }
        }
        QVERIFY(interleaved > 100);    // the split really interleaves, so the filter was needed
        QVERIFY(futureNegatives > 10); // later items are fair non-clicks
    }

    void correlationFindsWhatTheGeneratorPlanted()
    {
        // The generator draws the next genre as the previous one's successor (30%), the same
        // genre (20%) or from the user's taste. The search check's learned correlation must see
        // all three without being told: at the latest slot, the target's own genre and its
        // predecessor in the cycle carry gain, other genres next to none; further back, the
        // target's genre (taste) still beats the others.
        SyntheticConfig sc;
        sc.users = 800;
        sc.items = 400;
        sc.meanLength = 40;
        sc.seed = 3;
        const auto synth = generateSynthetic(sc);
        const Split split = makeSplit(synth.data, {});
        CtrConfig c;
        c.maxHistory = 30;
        CtrData data(synth.data, split, c, 1);
        const auto gains = data.correlation(data.test);
        const auto t = c.maxHistory;
        double sum[4] = {}, count[4] = {}; // latest: same, predecessor, other; older same − other
        double olderOther = 0, olderOtherCount = 0;
        for (std::size_t k = 0; k < data.test.size(); ++k) {
            const auto &s = data.test[k];
            const auto target = data.category(s.item);
            if (s.label < 0.5f || target < 0)
                continue;
            const auto rows = data.historyRows(s);
            const auto len = std::int64_t(rows.size());
            for (std::int64_t p = 0; p < len; ++p) {
                const auto cat = data.category(synth.data.item[std::size_t(rows[std::size_t(p)])]);
                const float g = gains[std::int64_t(k)][t - len + p].item<float>();
                QVERIFY(g >= 0);
                const bool latest = p == len - 1, same = cat == target,
                           before = synth.truth.nextGenre[std::size_t(cat)] == target;
                const int kind = latest ? (same     ? 0
                                           : before ? 1
                                                    : 2)
                                        : (same     ? 3
                                           : before ? -1
                                                    : 4);
                if (kind == 4) {
                    olderOther += g;
                    ++olderOtherCount;
                } else if (kind >= 0) {
                    sum[kind] += g;
                    ++count[kind];
                }
            }
        }
        for (double n : count)
            QVERIFY(n > 50);
        const double same = sum[0] / count[0], predecessor = sum[1] / count[1],
                     other = sum[2] / count[2];
        const double olderSame = sum[3] / count[3], older = olderOther / olderOtherCount;
        qInfo(
            "latest slot gain: same %.3f predecessor %.3f other %.3f; older: same %.3f other %.3f",
            same,
            predecessor,
            other,
            olderSame,
            older);
        QVERIFY(same > 3 * other);
        QVERIFY(predecessor > 3 * other);
        QVERIFY(olderSame > 3 * older);
        // Padding slots never carry gain.
        bool sawPadding = false;
        for (std::size_t k = 0; k < data.test.size() && !sawPadding; ++k)
            if (const auto len = data.historyLength(data.test[k]); len < t) {
                QCOMPARE(gains[std::int64_t(k)].slice(0, 0, t - len).abs().sum().item<float>(),
                         0.0f);
                sawPadding = true;
            }
        QVERIFY(sawPadding);
    }

    void maskedSoftmaxSumsToOneOverValidSlots()
    {
        auto logits = torch::tensor({{1.0f, 2.0f, 3.0f}, {5.0f, 1.0f, 1.0f}, {0.0f, 0.0f, 0.0f}});
        auto pad = torch::tensor({{false, false, false}, {true, false, false}, {true, true, true}});
        auto w = maskedSoftmax(logits, pad);
        QVERIFY(torch::allclose(w.sum(-1), torch::tensor({1.0f, 1.0f, 0.0f})));
        QCOMPARE(w[1][0].item<float>(), 0.0f); // the big padded logit gets nothing
        RS_COMPARE_NEAR(w[1][1].item<float>(), 0.5f, 1e-6);
        auto e = std::exp(1.0), e2 = std::exp(2.0), e3 = std::exp(3.0);
        RS_COMPARE_NEAR(w[0][2].item<float>(), float(e3 / (e + e2 + e3)), 1e-6);
    }

    void attentionRespectsPaddingAndTopK_data()
    {
        QTest::addColumn<QString>("id");
        for (const char *id : {"din", "tin", "twin", "twin_proj", "dare"})
            QTest::addRow("%s", id) << QString::fromLatin1(id);
    }

    void attentionRespectsPaddingAndTopK()
    {
        QFETCH(QString, id);
        const Dataset d = tiny();
        CtrConfig c;
        c.maxHistory = 3;
        CtrData data(d, makeSplit(d, {}), c, 1);
        const bool twoStage = id != QLatin1String("din") && id != QLatin1String("tin");
        std::map<std::string, ParamValue> values;
        if (twoStage)
            values["top_k"] = std::int64_t(2);
        ParamSet p = m_registry.info(id.toStdString())->params.resolve(values, "p");
        auto model = m_registry.ctrFactory(id.toStdString())->create(p);
        model->setup(data.shape());
        model->module().eval();
        torch::NoGradGuard ng;
        std::vector<CtrSample> all = data.train;
        all.insert(all.end(), data.test.begin(), data.test.end()); // long and short histories
        const auto batch = data.batch(all);
        auto logits = model->forward(batch);
        QCOMPARE(logits.sizes(), (torch::IntArrayRef{std::int64_t(all.size())}));
        const auto &att = model->lastAttention();
        const auto pad = batch.padding();
        QVERIFY(torch::allclose(att.weights.sum(-1), torch::ones({logits.size(0)}), 1e-5, 1e-6));
        QVERIFY(att.weights.masked_select(pad).eq(0).all().item<bool>());
        QVERIFY(att.scores.masked_select(pad).isinf().all().item<bool>());
        QCOMPARE(att.topK.defined(), twoStage);
        if (twoStage) {
            // The retrieved slots are the K largest scores, and only they carry weight.
            QCOMPARE(att.topK.size(1), std::int64_t(2));
            for (std::int64_t r = 0; r < logits.size(0); ++r) {
                auto sorted = std::get<0>(att.scores[r].sort(0, true));
                auto picked = att.scores[r].index_select(0, att.topK[r]);
                QVERIFY(torch::equal(std::get<0>(picked.sort(0, true)), sorted.slice(0, 0, 2)));
                auto outside = torch::ones({3}, torch::kBool).index_fill(0, att.topK[r], false);
                QVERIFY(att.weights[r].masked_select(outside).eq(0).all().item<bool>());
            }
        }
    }

    void specRejectsAModelOfTheOtherTask()
    {
        RS_EXPECT_ERROR(ExperimentSpec::fromJson(R"({"models": [{"id": "din"}]})", m_registry),
                        ConfigError,
                        "models[0].id",
                        "ctr model",
                        "\"task\": \"ctr\"");
        RS_EXPECT_ERROR(ExperimentSpec::fromJson(R"({"task": "ctr", "models": [{"id": "bpr"}]})",
                                                 m_registry),
                        ConfigError,
                        "ranking model");
        RS_EXPECT_ERROR(
            ExperimentSpec::fromJson(
                R"({"task": "ctr", "ctr": {"max_history": 0}, "models": [{"id": "din"}]})",
                m_registry),
            ConfigError,
            "ctr.max_history");
        RS_EXPECT_ERROR(ExperimentSpec::fromJson(R"({"task": "clicks", "models": [{"id": "din"}]})",
                                                 m_registry),
                        ConfigError,
                        "task");
        const auto spec = ExperimentSpec::fromJson(
            R"({"task": "ctr", "ctr": {"max_history": 1000}, "models": [{"id": "dare"}]})",
            m_registry);
        QCOMPARE(spec.validMetric, std::string("AUC"));
        const auto again = ExperimentSpec::fromJson(spec.toJson(), m_registry);
        QCOMPARE(again.task, TaskKind::Ctr);
        QCOMPARE(again.ctr.maxHistory, std::int64_t(1000));
    }

    void everyModelLearnsOnSyntheticData()
    {
        // Synthetic sequences carry genre structure (taste, stay, successor): every model must
        // beat chance clearly, and TIN beats DIN, as its paper reports and as the README measures
        // over three seeds (1.4 AUC points against standard deviations of 0.3–0.4). DARE against
        // TWIN is not asserted: over three seeds they tie on the bench data (README).
        const std::string spec = R"({"name": "ctr", "task": "ctr", "ctr": {"max_history": 50},
            "dataset": {"synthetic": {"users": 600, "items": 400, "mean_length": 50, "seed": 5}}, "device": "cpu",
            "models": [{"id": "din", "params": {"epochs": 3}}, {"id": "tin", "params": {"epochs": 3}},
                       {"id": "twin", "params": {"epochs": 3}}, {"id": "dare", "params": {"epochs": 3}}]})";
        ProjectStore store(m_dir.filePath(QStringLiteral("ctr.db")).toStdString());
        ExperimentRunner runner(m_registry, store);
        struct Quiet final : RunObserver
        {
        } quiet;
        const auto r = runner.run(ExperimentSpec::fromJson(spec, m_registry), {}, quiet);
        QCOMPARE(r.runs.size(), std::size_t(4));
        std::map<std::string, double> aucOf;
        for (const auto &run : r.runs) {
            QCOMPARE(run.status, RunStatus::Finished);
            aucOf[run.model] = run.test.at("AUC");
            qInfo("%s AUC %.4f GAUC %.4f R-precision %.3f",
                  run.model.c_str(),
                  run.test.at("AUC"),
                  run.test.at("GAUC"),
                  run.test.at("SearchRPrecision"));
            QVERIFY2(run.test.at("AUC") > 0.65, run.model.c_str());
            QVERIFY(run.test.at("LogLoss") < std::log(2.0)); // better than a coin
        }
        QVERIFY(aucOf["TIN"] > aucOf["DIN"]);
        QVERIFY(r.runs[3].test.at("SearchMFLOPs/sample") > 0);
    }
};

QTEST_GUILESS_MAIN(tst_Ctr)
#include "tst_ctr.moc"
