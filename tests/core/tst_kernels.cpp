// SPDX-License-Identifier: MIT
// The fused kernels against their LibTorch references (kernels/hstu_attention.h,
// kernels/masked_topk.h): forward values and every gradient on random jagged batches with empty
// and length-1 sequences, each tile variant, the candidate mask, the time buckets against the
// research formula, ties, and the errors bad arguments get. The reference paths are tested by
// hand elsewhere (tst_models: an HSTU layer computed in doubles; tst_ranking_metrics).
#include "jagged_batch.h"
#include "kernels/hstu_attention.h"
#include "kernels/kernel_problems.h"
#include "kernels/kernel_tuner.h"
#include "kernels/masked_topk.h"
#include "kernels/time_buckets.h"
#include "model/hstu_net.h"
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/kernels.h>

#include <QtTest/QtTest>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>

using namespace recscope;
using namespace recscope::test;
using core::detail::HstuAttentionInputs;

namespace {

/// Sets an environment variable for a scope and puts back what was there (CTest gives every test
/// a kernel cache of the build tree's; a test that points elsewhere must not lose it).
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const std::string &value)
        : m_name(name)
    {
        if (const char *old = std::getenv(name))
            m_old = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv()
    {
        if (m_old)
            setenv(m_name, m_old->c_str(), 1);
        else
            unsetenv(m_name);
    }

private:
    const char *m_name;
    std::optional<std::string> m_old;
};

core::detail::TopK referenceTopK(const torch::Tensor &users,
                                 const torch::Tensor &items,
                                 const torch::Tensor &offsets,
                                 const torch::Tensor &masked,
                                 std::int64_t k)
{
    return core::detail::maskedTopKReference(users, items, offsets, masked, k);
}

} // namespace

class TestKernels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeBucketsMatchTheResearchFormula()
    {
        // Every threshold ± 1 and random deltas of every magnitude, both signs, and the extremes.
        const auto &table = core::detail::kernels::timeBucketTable();
        std::vector<std::int64_t> deltas{0,
                                         1,
                                         -1,
                                         2,
                                         3,
                                         10,
                                         30,
                                         std::numeric_limits<std::int64_t>::max(),
                                         std::numeric_limits<std::int64_t>::min(),
                                         std::numeric_limits<std::int64_t>::min() + 1};
        for (int b = 0; b <= core::detail::kernels::TimeBucketTable::last; ++b)
            for (auto t = std::int64_t(table.thresholds[std::size_t(b)]);
                 std::int64_t d : {t - 1, t, t + 1})
                deltas.push_back(d), deltas.push_back(-d);
        std::mt19937_64 rng(7);
        for (int e = 0; e < 62; ++e)
            for (int r = 0; r < 20; ++r)
                deltas.push_back(std::int64_t(rng() >> (63 - e)) * (r % 2 ? 1 : -1));
        const auto expected = core::detail::hstuTimeBuckets(torch::tensor(deltas, torch::kInt64));
        for (std::size_t i = 0; i < deltas.size(); ++i)
            if (table.bucket(deltas[i]) != expected[std::int64_t(i)].item<std::int64_t>())
                QFAIL(qPrintable(QStringLiteral("Δ = %1: bucket %2, the formula says %3")
                                     .arg(deltas[i])
                                     .arg(table.bucket(deltas[i]))
                                     .arg(expected[std::int64_t(i)].item<std::int64_t>())));
        QCOMPARE(table.bucket(10), 7); // ln 10 / 0.301 = 7.65 (tst_models checks the formula)
    }

    void attentionMatchesTheReference_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("lengths");
        QTest::addColumn<std::int64_t>("dv");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<bool>("targets");
        QTest::addColumn<std::int64_t>("blockQueries");
        QTest::addColumn<std::int64_t>("blockKeys");
        const std::vector<std::int64_t> mixed{0, 1, 5, 70, 0, 131, 2, 64};
        QTest::newRow("plain, default tiles")
            << mixed << std::int64_t(12) << false << false << std::int64_t(0) << std::int64_t(0);
        QTest::newRow("biases, 16x16")
            << mixed << std::int64_t(40) << true << false << std::int64_t(16) << std::int64_t(16);
        QTest::newRow("biases + targets, 32x64")
            << mixed << std::int64_t(8) << true << true << std::int64_t(32) << std::int64_t(64);
        QTest::newRow("biases + targets, 128x32")
            << mixed << std::int64_t(64) << true << true << std::int64_t(128) << std::int64_t(32);
        QTest::newRow("one long sequence, 64x128")
            << std::vector<std::int64_t>{300} << std::int64_t(33) << true << false
            << std::int64_t(64) << std::int64_t(128);
        QTest::newRow("only empty sequences") << std::vector<std::int64_t>{0, 0} << std::int64_t(4)
                                              << true << true << std::int64_t(0) << std::int64_t(0);
    }

    void attentionMatchesTheReference()
    {
        QFETCH(std::vector<std::int64_t>, lengths);
        QFETCH(std::int64_t, dv);
        QFETCH(bool, bias);
        QFETCH(bool, targets);
        QFETCH(std::int64_t, blockQueries);
        QFETCH(std::int64_t, blockKeys);
        auto b = randomBatch(lengths, 2, 24, dv, bias, targets, 11);
        b.in.blockQueries = blockQueries, b.in.blockKeys = blockKeys;
        const auto fused = outputAndGradients(b, true);
        const auto reference = outputAndGradients(b, false);
        const char *names[] = {"output", "dq", "dk", "dv", "d position bias", "d time bias"};
        for (std::size_t i = 0; i < fused.size(); ++i) {
            QCOMPARE(fused[i].defined(), reference[i].defined());
            if (fused[i].defined())
                expectClose(fused[i], reference[i], 1e-5, names[i]);
        }
        if (bias && b.in.q.size(0) > 0) // the bias gradients are not trivially zero
            QVERIFY(maxAbs(fused[5]) > 1e-3);
    }

    void candidatesSeeHistoryButNotEachOther()
    {
        // One sequence of 4 with 2 candidates, q·k = 0 (k = 0) so every kept pair weighs
        // SiLU(0 + bias) with a position bias of 1 everywhere: SiLU(1) / N = 0.7311 / 4.
        // Row 2 (a candidate) sees rows 0, 1 and itself; row 3 sees 0, 1, 3, not 2.
        HstuAttentionInputs in;
        in.q = torch::ones({4, 1, 1});
        in.k = torch::zeros({4, 1, 1});
        in.v = torch::tensor({1.0f, 10.0f, 100.0f, 1000.0f}).view({4, 1, 1});
        in.offsets = torch::tensor(std::vector<std::int64_t>{0, 4}, torch::kInt64);
        in.positionBias = torch::ones({7});
        in.numTargets = torch::tensor(std::vector<std::int64_t>{2}, torch::kInt64);
        in.divisor = 4;
        const double w = 1.0 / (1.0 + std::exp(-1.0)) / 4;
        const double expected[] = {w * 1, w * 11, w * 111, w * 1011};
        for (bool fused : {true, false}) {
            auto out = fused ? core::detail::hstuAttention(in)
                             : core::detail::hstuAttentionReference(in);
            for (int i = 0; i < 4; ++i)
                RS_COMPARE_NEAR(out[i][0][0].item<double>(), expected[i], 1e-4);
        }
    }

    void hstuNetIsTheSameThroughTheKernel()
    {
        // A whole HSTU (2 layers, 2 heads) on left-padded windows, one of them empty and one of
        // length 1: hidden states and every parameter's gradient equal the reference path's.
        core::detail::HstuConfig c;
        c.numItems = 40, c.maxLen = 9, c.hidden = 16, c.heads = 2, c.attentionDim = 8,
        c.linearDim = 8, c.dropout = 0;
        torch::manual_seed(3);
        core::detail::HstuNet net(c);
        auto items = torch::randint(1, 41, {4, 9}, torch::kInt64);
        const std::int64_t pads[] = {0, 9, 8, 4};
        for (int r = 0; r < 4; ++r)
            items[r].slice(0, 0, pads[r]).fill_(0);
        auto times = std::get<0>(torch::randint(0, 1'000'000, {4, 9}, torch::kInt64).sort(1));
        auto next = times + torch::randint(1, 100'000, {4, 9}, torch::kInt64);
        std::vector<std::vector<torch::Tensor>> runs;
        QVERIFY(core::detail::fusedAttentionAvailable(items.to(torch::kFloat32))); // both paths run
        for (bool reference : {false, true}) {
            if (reference)
                setenv("RECSCOPE_KERNELS", "reference", 1);
            net.zero_grad();
            auto h = net.forward(items, times, next);
            (h * h).sum().backward();
            unsetenv("RECSCOPE_KERNELS");
            std::vector<torch::Tensor> r{h.detach()};
            for (const auto &p : net.parameters())
                r.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
            runs.push_back(r);
        }
        for (std::size_t i = 0; i < runs[0].size(); ++i)
            expectClose(runs[0][i], runs[1][i], 1e-5, i ? "a parameter gradient" : "hidden");
    }

    void badAttentionArgumentsAreNamed()
    {
        auto b = randomBatch({3, 4}, 1, 4, 4, true, false, 1);
        auto in = b.in;
        in.offsets = torch::tensor(std::vector<std::int64_t>{0, 3, 6}, torch::kInt64);
        RS_EXPECT_ERROR(core::detail::hstuAttention(in), c10::Error, "offsets", "L = 7");
        in = b.in;
        in.positionBias = torch::zeros({5});
        RS_EXPECT_ERROR(core::detail::hstuAttention(in),
                        c10::Error,
                        "4 items",
                        "position bias covers 3");
        in = b.in;
        in.timeBias = torch::Tensor();
        RS_EXPECT_ERROR(core::detail::hstuAttention(in), c10::Error, "come together");
    }

    void topKMatchesTheReference_data()
    {
        QTest::addColumn<std::int64_t>("k");
        QTest::addColumn<std::int64_t>("blockItems");
        QTest::newRow("K 10, tiles of 64") << std::int64_t(10) << std::int64_t(64);
        QTest::newRow("K 1, tiles of 100") << std::int64_t(1) << std::int64_t(100);
        QTest::newRow("K 50, default tiles") << std::int64_t(50) << std::int64_t(0);
    }

    void topKMatchesTheReference()
    {
        QFETCH(std::int64_t, k);
        QFETCH(std::int64_t, blockItems);
        torch::manual_seed(5);
        const std::int64_t numUsers = 37, numItems = 1000;
        auto users = torch::randn({numUsers, 16}), items = torch::randn({numItems, 16});
        std::vector<std::int64_t> offsets{0}, masked;
        std::mt19937_64 rng(9);
        for (std::int64_t u = 0; u < numUsers; ++u) {
            // Users mask nothing, a few items, or most of the catalogue (u = 5).
            const std::int64_t n = u % 4 == 0 ? 0
                                   : u == 5   ? numItems - k - 3
                                              : std::int64_t(rng() % 40);
            std::vector<std::int64_t> all(numItems);
            std::iota(all.begin(), all.end(), 0);
            std::shuffle(all.begin(), all.end(), rng);
            std::sort(all.begin(), all.begin() + n);
            masked.insert(masked.end(), all.begin(), all.begin() + n);
            offsets.push_back(std::int64_t(masked.size()));
        }
        const auto off = torch::tensor(offsets, torch::kInt64),
                   ids = torch::tensor(masked, torch::kInt64);
        const auto fused = core::detail::maskedTopK(users, items, off, ids, k, blockItems);
        const auto ref = referenceTopK(users, items, off, ids, k);
        QVERIFY(torch::equal(fused.items, ref.items));
        expectClose(fused.scores, ref.scores, 1e-5, "scores");
        // No masked item made it into any list.
        for (std::int64_t u = 0; u < numUsers; ++u)
            for (std::int64_t e = offsets[u]; e < offsets[u + 1]; ++e)
                QVERIFY(!fused.items[u].eq(masked[std::size_t(e)]).any().item<bool>());
    }

    void topKTiesGoToTheLowerItem()
    {
        // Scores 1, 1, 1, 2 (item 3 best); item 1 masked: top 3 = 3, 0, 2.
        auto users = torch::ones({1, 1});
        auto items = torch::tensor({1.0f, 1.0f, 1.0f, 2.0f}).view({4, 1});
        const auto top = core::detail::maskedTopK(users,
                                                  items,
                                                  torch::tensor(std::vector<std::int64_t>{0, 1}),
                                                  torch::tensor(std::vector<std::int64_t>{1}),
                                                  3);
        QCOMPARE(top.items[0][0].item<std::int64_t>(), 3);
        QCOMPARE(top.items[0][1].item<std::int64_t>(), 0);
        QCOMPARE(top.items[0][2].item<std::int64_t>(), 2);
    }

    void badTopKArgumentsAreNamed()
    {
        auto users = torch::ones({2, 3}), items = torch::ones({5, 3});
        auto off = torch::tensor(std::vector<std::int64_t>{0, 1, 2});
        RS_EXPECT_ERROR(core::detail::maskedTopK(users,
                                                 items,
                                                 off,
                                                 torch::tensor(std::vector<std::int64_t>{1, 7}),
                                                 2),
                        c10::Error,
                        "user 1 masks item 7");
        RS_EXPECT_ERROR(core::detail::maskedTopK(users,
                                                 items,
                                                 off,
                                                 torch::tensor(std::vector<std::int64_t>{1, 2}),
                                                 6),
                        c10::Error,
                        "k = 6");
        RS_EXPECT_ERROR(core::detail::maskedTopK(users,
                                                 torch::ones({5, 4}),
                                                 off,
                                                 torch::tensor(std::vector<std::int64_t>{1, 2}),
                                                 2),
                        c10::Error,
                        "share d");
    }

    void tunerKeepsAVariantThatAgreesAndCachesIt()
    {
        QTemporaryDir dir;
        const auto cache = (dir.path() + "/kernels.json").toStdString();
        ScopedEnv useCache("RECSCOPE_KERNEL_CACHE", cache);
        core::KernelTuneOptions o;
        o.budgetSeconds = 0.5;
        o.measureReference = false;
        o.buckets = {"d_qk<=16 n<=256", "d<=16"};
        const auto results = core::tuneKernels(o);
        QCOMPARE(results.size(), std::size_t(2));
        QCOMPARE(results[0].kernel, std::string("hstu_attention"));
        QVERIFY(results[0].tried >= 1 && results[0].seconds > 0);
        QCOMPARE(results[1].kernel, std::string("masked_topk"));
        QCOMPARE(core::listTunedKernels().size(), std::size_t(2));
        RS_EXPECT_ERROR(core::tuneKernels({"tpu"}), recscope::ConfigError, "tpu");
        o.buckets = {"d_qk<=16"};
        RS_EXPECT_ERROR(core::tuneKernels(o), recscope::ConfigError, "d_qk<=16");
        QCOMPARE(core::clearTunedKernels(), 2);
        QVERIFY(core::listTunedKernels().empty());
    }

    void searchKeepsTheFastestVariantThatAgrees()
    {
        // a (the default, 1 s) has neighbours b (0.5 s, but disagrees with the reference), c
        // (0.7 s) and e (throws: a launch the device refuses); c's neighbour d (0.2 s) is found
        // only because c became the best. b and e must never win.
        struct Fake final : core::detail::kernels::KernelProblem
        {
            std::map<std::string, double> times{{"a", 1.0}, {"b", 0.5}, {"c", 0.7}, {"d", 0.2}};
            std::string defaultVariant() const override { return "a"; }
            std::vector<std::string> neighbours(const std::string &v) const override
            {
                return v == "a"   ? std::vector<std::string>{"b", "e", "c"}
                       : v == "c" ? std::vector<std::string>{"a", "d"}
                                  : std::vector<std::string>{};
            }
            bool agreesWithReference(const std::string &v) override { return v != "b"; }
            double seconds(const std::string &v) override
            {
                if (v == "e")
                    throw std::runtime_error("too much shared memory");
                return times.at(v);
            }
            double referenceSeconds() override { return 2.0; }
        } fake;
        const auto t = core::detail::kernels::searchVariants(fake, {}, 60, true, {}, {});
        QCOMPARE(t.variant, std::string("d"));
        QCOMPARE(t.seconds, 0.2);
        QCOMPARE(t.defaultSeconds, 1.0);
        QCOMPARE(t.referenceSeconds, 2.0);
        QCOMPARE(t.tried, 5);
    }

    void cachedVariantIsUsedAndABadCacheIgnored()
    {
        // A variant written into the cache by hand is what the kernel then runs with; a cache
        // that is not JSON, or names no valid variant, leaves the defaults in place.
        QTemporaryDir dir;
        const auto cache = (dir.path() + "/kernels.json").toStdString();
        ScopedEnv useCache("RECSCOPE_KERNEL_CACHE", cache),
            noTuning("RECSCOPE_KERNEL_TUNING", "off");
        const auto q = torch::zeros({1, 1, 100});
        const auto device = core::detail::kernels::deviceKey(q);
        {
            std::ofstream out(cache);
            out << "{\"format\": 1, \"entries\": [";
            out << "{\"kernel\": \"hstu_attention\", \"device\": \"" << device
                << "\", \"library\": \"" << core::detail::kernels::libraryKey()
                << "\", \"bucket\": \"d_qk<=128 n<=4096\", \"variant\": \"32x16\", "
                << "\"seconds\": 1}]}";
        }
        const auto tiles = core::detail::kernels::attentionTiles(q, 100, 3000);
        QCOMPARE(tiles.queries, std::int64_t(32));
        QCOMPARE(tiles.keys, std::int64_t(16));
        // A variant that is not one of the kernel's: the default (a fresh process's view).
        {
            std::ofstream out(cache);
            out << "{\"format\": 1, \"entries\": [{\"kernel\": \"hstu_attention\", \"device\": \""
                << device << "\", \"library\": \"" << core::detail::kernels::libraryKey()
                << "\", \"bucket\": \"d_qk<=128 n<=1024\", \"variant\": \"7x7\", \"seconds\": 1}]}";
        }
        const auto fallback = core::detail::kernels::attentionTiles(q, 100, 1000);
        QCOMPARE(fallback.queries, std::int64_t(64));
        QCOMPARE(fallback.keys, std::int64_t(64));
        {
            std::ofstream out(cache);
            out << "{not json";
        }
        QVERIFY(core::listTunedKernels().empty()); // read as empty, with a warning
    }
};

QTEST_GUILESS_MAIN(TestKernels)
#include "tst_kernels.moc"
