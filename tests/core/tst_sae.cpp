// SPDX-License-Identifier: MIT
// RecSAE: the TopK autoencoder and its loss on hand-computed inputs, the probe data on disk, the
// concept dictionary on hand-made codes, and the whole probe on a trained SASRec, checked
// against what the synthetic generator planted.
#include "sae/concept_builder.h"
#include "sae/probe_data.h"
#include "sae/sparse_autoencoder.h"
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/sae.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

namespace {

/// d = 2, m = 3, k = 1: latent 0 reads x₀, latent 1 reads x₁, latent 2 reads x₀ + x₁; the
/// decoder rows are the unit directions (1,0), (0,1), (1,1)/√2; biases 0.
TopKSae handMadeSae()
{
    TopKSae sae(2, 3, 1);
    torch::NoGradGuard ng;
    sae->wEnc.copy_(torch::tensor({1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f}).view({2, 3}));
    const float r = 1.0f / std::sqrt(2.0f);
    sae->wDec.copy_(torch::tensor({1.0f, 0.0f, 0.0f, 1.0f, r, r}).view({3, 2}));
    return sae;
}

sdk::UserItems lists(const std::vector<std::vector<std::int64_t>> &users)
{
    sdk::UserItems u;
    u.offsets.push_back(0);
    for (const auto &items : users) {
        for (auto i : items) {
            u.items.push_back(i);
            u.times.push_back(std::int64_t(u.times.size()) * 10);
        }
        u.offsets.push_back(std::int64_t(u.items.size()));
    }
    return u;
}

} // namespace

class tst_Sae : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    struct Quiet final : RunObserver
    {
    } m_quiet;

    /// Trains a spec into store with saved weights (a checkpoint folder), as probes need.
    ExperimentResult train(ProjectStore &store, const std::string &json)
    {
        ExperimentRunner runner(m_registry, store);
        runner.setCheckpointDir(m_dir.filePath(QStringLiteral("ckpt")).toStdString());
        return runner.run(ExperimentSpec::fromJson(json, m_registry), {}, m_quiet);
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        torch::set_num_threads(2);
    }

    void topKKeepsTheLargestAndDecodes()
    {
        auto sae = handMadeSae();
        // h = (3, 1): pre-activations (3, 1, 4) → TopK₁ keeps latent 2 = 4 → ĥ = 4·(1,1)/√2.
        auto h = torch::tensor({3.0f, 1.0f}).view({1, 2});
        auto z = sae->encode(h);
        QVERIFY(torch::allclose(z, torch::tensor({0.0f, 0.0f, 4.0f}).view({1, 3})));
        const float s = 4.0f / std::sqrt(2.0f);
        QVERIFY(torch::allclose(sae->decode(z), torch::tensor({s, s}).view({1, 2})));
        // ReLU first: h = (−1, −2) has no positive pre-activation, so nothing fires.
        QCOMPARE(sae->encode(torch::tensor({-1.0f, -2.0f}).view({1, 2}))
                     .count_nonzero()
                     .item<std::int64_t>(),
                 std::int64_t(0));
    }

    void lossIsFvuPlusScaledAuxK()
    {
        auto sae = handMadeSae();
        // Batch h₁ = (3, 1), h₂ = (1, 3); mean (2, 2), total variance 1+1+1+1 = 4.
        // Codes: latent 2 = 4 for both; ĥ = (2√2, 2√2) each; error per row (3−2√2)² + (1−2√2)².
        auto h = torch::tensor({3.0f, 1.0f, 1.0f, 3.0f}).view({2, 2});
        const double c = 2 * std::sqrt(2.0);
        const double err = 2 * (std::pow(3 - c, 2) + std::pow(1 - c, 2));
        auto plain = saeLoss(sae, h, {}, 1, 1.0 / 32);
        RS_COMPARE_NEAR(plain.fvu.item<double>(), err / 4, 1e-5);
        QCOMPARE(plain.aux.item<double>(), 0.0);
        // Latent 0 dead: AuxK (k_aux 2, so scale min(1/2, 1)) rebuilds the residual e = h − ĥ
        // from latent 0's pre-activation alone: ê = x₀·(1, 0).
        auto dead = torch::tensor({true, false, false});
        auto withAux = saeLoss(sae, h, dead, 2, 1.0 / 32);
        double auxErr = 0;
        const double rows[2][2] = {{3, 1}, {1, 3}};
        for (const auto &r : rows) {
            const double e0 = r[0] - c, e1 = r[1] - c;
            auxErr += std::pow(r[0] - e0, 2) + std::pow(0 - e1, 2);
        }
        RS_COMPARE_NEAR(withAux.aux.item<double>(), 0.5 * auxErr / 4, 1e-4);
        RS_COMPARE_NEAR(withAux.total.item<double>(), err / 4 + 0.5 * auxErr / 4 / 32, 1e-4);
    }

    void decoderRowsStayUnit()
    {
        TopKSae sae(5, 40, 4);
        {
            torch::NoGradGuard ng;
            sae->wDec.mul_(3.0);
        }
        sae->normaliseDecoder();
        QVERIFY(torch::allclose(sae->wDec.norm(2, 1), torch::ones({40}), 1e-5, 1e-5));
    }

    void probeSetsHoldDistinctPrefixes()
    {
        const auto history = lists({{5, 6, 7, 8, 9}, {}, {3}, {1, 2}});
        const auto set = makeProbeSet(history, 3, 1);
        // User 0: the whole history (5) and two distinct shorter prefixes; user 1 has nothing;
        // user 2 only its one item; user 3 its whole history and the one prefix of length 1.
        QCOMPARE(set.size(), std::size_t(3 + 1 + 2));
        QCOMPARE(set.user, (std::vector<std::int64_t>{0, 0, 0, 2, 3, 3}));
        QCOMPARE(set.end[2], std::int64_t(5));
        QVERIFY(set.end[0] < set.end[1] && set.end[0] >= 1);
        QCOMPARE(set.end[3], std::int64_t(1));
        QCOMPARE(set.end[4], std::int64_t(1));
        const auto batch = prefixBatch(history, set, 2, 5);
        QCOMPARE(batch.items, (std::vector<std::int64_t>{5, 6, 7, 8, 9, 3, 1}));
        QCOMPARE(batch.offsets, (std::vector<std::int64_t>{0, 5, 6, 7}));
        QCOMPARE(batch.times.size(), batch.items.size());
    }

    void activationFilesRoundTripAndRefuseDamage()
    {
        const std::string file = m_dir.filePath(QStringLiteral("a.f32")).toStdString();
        // A model whose hidden state is (count, last item): the file must hold exactly that.
        struct Counting final : sdk::Model
        {
            torch::nn::Module m;
            void setup(const sdk::TrainData &) override {}
            torch::nn::Module &module() override { return m; }
            torch::Tensor score(const torch::Tensor &, const sdk::UserItems &) override
            {
                return {};
            }
            torch::Tensor hiddenStates(const torch::Tensor &users, const sdk::UserItems &h) override
            {
                std::vector<float> out;
                for (std::int64_t b = 0; b < users.size(0); ++b)
                    out.insert(out.end(), {float(h.count(b)), float(h.of(b).back())});
                return torch::tensor(out).view({users.size(0), 2});
            }
        } model;
        const auto history = lists({{5, 6, 7}, {4, 2}});
        ProbeSet set;
        set.user = {0, 0, 1};
        set.end = {3, 1, 2};
        QVERIFY(ActivationFile::capture(file, model, history, set, 2, {}, {}));
        ActivationFile acts(file);
        QCOMPARE(acts.rows(), std::int64_t(3));
        QCOMPARE(acts.dim(), std::int64_t(2));
        QVERIFY(torch::equal(acts.read(0, 3),
                             torch::tensor({3.0f, 7.0f, 1.0f, 5.0f, 2.0f, 2.0f}).view({3, 2})));
        QVERIFY(torch::equal(acts.read(2, 100), torch::tensor({2.0f, 2.0f}).view({1, 2})));
        std::filesystem::resize_file(file, 24 + 4 * 4);
        RS_EXPECT_ERROR(ActivationFile{file}, StoreError, "truncated activation file");
        std::ofstream(file) << "hello";
        RS_EXPECT_ERROR(ActivationFile{file}, StoreError, "not an activation file");
    }

    void conceptsAreReadFromTopExamplesAndVerified()
    {
        // 200 users, one sequence each: last item i (genre i % 4), top-1 recommendation item
        // (i + 1) % 8. Latent 0 fires on last-genre 2 sequences, latent 1 on half the users
        // regardless of genre, latent 2 never.
        ProbeSet set;
        sdk::UserItems history;
        history.offsets.push_back(0);
        std::vector<std::int64_t> top, genre{0, 1, 2, 3, 0, 1, 2, 3};
        ProbeCodes codes;
        codes.k = 2;
        codes.latents = 3;
        for (std::int64_t u = 0; u < 200; ++u) {
            const std::int64_t item = u % 8;
            history.items.push_back(item);
            history.offsets.push_back(u + 1);
            set.user.push_back(u);
            set.end.push_back(1);
            top.push_back((item + 1) % 8);
            codes.latent.insert(codes.latent.end(), {0, 1});
            codes.value.push_back(genre[std::size_t(item)] == 2 ? 1.0f + float(u) / 200.0f : 0.0f);
            codes.value.push_back((u / 8) % 2 == 0 ? 0.5f + float((u * 37) % 13) / 13.0f
                                                   : 0.0f); // every genre alike
        }
        codes.topItem = top;
        const auto f = sequenceFeatures(history, set, top, genre);
        QCOMPARE(f.lastGenre[6], std::int64_t(2));
        QCOMPARE(f.recGenre[6], std::int64_t(3)); // item 7
        QCOMPARE(f.prevGenre[6], std::int64_t(-1));
        SaeConfig config;
        ConceptNames names{{"A", "B", "C", "D"},
                           [](std::int64_t i) { return "item " + std::to_string(i); }};
        const auto concepts = buildConcepts(set, codes, f, config, names);
        QCOMPARE(concepts.size(), std::size_t(3));
        // Latent 0: every top example ends in genre C and is recommended genre D: last_genre C
        // (25% of all sequences) beats recommends-D (also 25%) by being the simpler kind.
        QCOMPARE(concepts[0].kind, std::string("last_genre"));
        QCOMPARE(concepts[0].subject, std::int64_t(2));
        QCOMPARE(concepts[0].label, std::string("last item C → recommends D"));
        QCOMPARE(concepts[0].recall, 1.0);
        QCOMPARE(concepts[0].precision, 1.0); // random off sequences never end in C
        QCOMPARE(concepts[0].confidence, 1.0);
        RS_COMPARE_NEAR(concepts[0].frequency, 0.25, 1e-9);
        QCOMPARE(concepts[0].top.front().activation, concepts[0].maxActivation);
        QVERIFY(concepts[0].top.front().activation >= concepts[0].top.back().activation);
        double histogram = 0;
        for (double n : concepts[0].histogramCounts)
            histogram += n;
        QCOMPARE(histogram, 50.0);
        // Latent 1 ignores genre: whatever it names cannot be confirmed on held-out sequences.
        QVERIFY(concepts[1].confidence < 0.8);
        QCOMPARE(concepts[2].kind, std::string("none"));
        QCOMPARE(concepts[2].label, std::string("dead latent"));
        QCOMPARE(concepts[2].frequency, 0.0);
        // The exports carry every latent.
        const auto csv = conceptsToCsv(concepts, names.genres);
        QVERIFY(csv.find("0,last_genre,last item C → recommends D,1,1,1,0.25")
                != std::string::npos);
        QVERIFY(conceptsToJson(concepts).find("\"label\": \"dead latent\"") != std::string::npos);
    }

    void probesATrainedSasRecAndFindsThePlantedStructure()
    {
        // The synthetic generator plants 10 genres and a successor cycle between them (README,
        // "Synthetic data"); a SASRec trained on it must carry both, and the probe must name them.
        ProjectStore store(m_dir.filePath(QStringLiteral("sae.db")).toStdString());
        const auto trained = train(store, R"({"name": "s",
            "dataset": {"synthetic": {"users": 1200, "items": 500, "mean_length": 40, "seed": 5}}, "device": "cpu",
            "eval": {"metrics": ["NDCG"], "ks": [10]},
            "models": [{"id": "sasrec", "params": {"epochs": 25, "max_len": 50, "hidden_size": 32, "dropout": 0.2, "loss": "ce", "patience": 5}}]})");
        QCOMPARE(trained.runs[0].status, RunStatus::Finished);
        SaeConfig config;
        config.epochs = 15;
        const auto probe = trainSae(m_registry, store, trained.runIds[0], config, {}, m_quiet);
        const auto run = store.run(probe);
        QCOMPARE(run.status, RunStatus::Finished);
        QCOMPARE(run.model, std::string("recsae"));
        const auto test = store.finalMetrics(probe, "test");
        qInfo("EV %.3f, NDCG@10 %.4f (model %.4f), confident %g of %g named, genres %g/10, "
              "transitions %g/10",
              test.at("ExplainedVariance"),
              test.at("NDCG@10"),
              test.at("NDCG@10 (model)"),
              test.at("ConfidentConcepts"),
              test.at("Concepts"),
              test.at("PlantedGenresFound"),
              test.at("PlantedTransitionsFound"));
        QVERIFY(test.at("ExplainedVariance") > 0.7);
        QCOMPARE(test.at("L0"), 8.0);
        QVERIFY(test.at("NDCG@10") > 0.85 * test.at("NDCG@10 (model)"));
        QVERIFY(test.at("PlantedGenresFound") >= 7);
        QVERIFY(test.at("PlantedTransitionsFound") >= 6);
        QVERIFY(!store.epochMetrics(probe).empty());
        QCOMPARE(store.concepts(probe).size(), std::size_t(32 * 16));

        // Amplifying a confident genre concept in users who do not show it moves its items up.
        const SaeLab lab(m_registry, store, probe);
        const Concept *genre = nullptr;
        for (const auto &c : lab.concepts())
            if (c.kind == "last_genre" && c.recGenre >= 0 && c.confidence >= 0.9
                && (!genre || c.frequency > genre->frequency))
                genre = &c;
        QVERIFY(genre);
        std::vector<std::int64_t> users;
        for (std::int64_t u = 0; u < 40; ++u)
            users.push_back(u);
        const auto latents = lab.sameConcept(genre->latent);
        const auto up = lab.steer(latents, 2.0, users, 10);
        qInfo("'%s' (%zu latents): %.3f → %.3f of the top 10",
              genre->label.c_str(),
              latents.size(),
              up.conceptShareBefore,
              up.conceptShareAfter);
        QVERIFY(up.conceptShareAfter > up.conceptShareBefore + 0.1);
        // Nobody to steer, a latent that does not exist, a run that is not a probe.
        const auto same = lab.steer({genre->latent}, 0.0, {}, 10);
        QVERIFY(same.rows.empty());
        RS_EXPECT_ERROR(lab.steer({100000}, 0.0, users, 10), ConfigError, "latent");
        RS_EXPECT_ERROR(SaeLab(m_registry, store, trained.runIds[0]),
                        ConfigError,
                        "not a RecSAE probe");
    }

    void probesHstuToo()
    {
        ProjectStore store(m_dir.filePath(QStringLiteral("hstu.db")).toStdString());
        const auto trained = train(store, R"({"name": "h",
            "dataset": {"synthetic": {"users": 200, "items": 120, "mean_length": 20}}, "device": "cpu", "eval": {"metrics": ["NDCG"], "ks": [10]},
            "models": [{"id": "pop"}, {"id": "hstu", "params": {"epochs": 2, "max_len": 20, "hidden_size": 8, "attention_dim": 8, "linear_dim": 8}}]})");
        SaeConfig config;
        config.epochs = 3;
        config.scale = 4;
        const auto probe = trainSae(m_registry, store, trained.runIds[1], config, {}, m_quiet);
        QCOMPARE(store.run(probe).status, RunStatus::Finished);
        QVERIFY(store.finalMetrics(probe, "test").at("ExplainedVariance") > 0.3);
        QCOMPARE(store.concepts(probe).size(), std::size_t(8 * 4));
        // Pop (rebuilt from the data, no weights) has no hidden states to probe.
        RS_EXPECT_ERROR(trainSae(m_registry, store, trained.runIds[0], config, {}, m_quiet),
                        ConfigError,
                        "no hidden states");
    }

    void badSettingsNameTheirField()
    {
        RS_EXPECT_ERROR(SaeConfig::fromJson(R"({"k": 0})"), ConfigError, "sae.k");
        RS_EXPECT_ERROR(SaeConfig::fromJson(R"({"scael": 4})"), ConfigError, "sae.scael");
        RS_EXPECT_ERROR(SaeConfig::fromJson("[1]"), ConfigError, "JSON object");
        const auto c = SaeConfig::fromJson(R"({"k": 16, "scale": 32, "probe_run": 4})");
        QCOMPARE(c.k, 16);
        QCOMPARE(SaeConfig::fromJson(c.toJson()).scale, 32);
    }
};

QTEST_GUILESS_MAIN(tst_Sae)
#include "tst_sae.moc"
