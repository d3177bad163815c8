// SPDX-License-Identifier: MIT
// Training a RecSAE probe (src/helpers/RecSAERunner.py): the frozen model's hidden states are
// captured to disk, the TopK autoencoder is trained on them with FVU + AuxK, the best epoch is
// chosen on the recommendation metric computed with the reconstructed states, and the concept
// dictionary is built from the best autoencoder.
#include "analysis/loaded_run.h"
#include "eval/ranking_evaluator.h"
#include "model/train_data.h"
#include "recscope/core/error.h"
#include "recscope/core/sae.h"
#include "recscope/core/store.h"
#include "run/storing_observer.h"
#include "sae/concept_builder.h"
#include "sae/probe_data.h"
#include "sae/probed_model.h"
#include "sae/sae_internal.h"
#include "sae/sparse_autoencoder.h"
#include "train/module_files.h"

#include <torch/optim/adam.h>
#include <torch/serialize.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

namespace recscope::core {

using namespace detail;

namespace {

constexpr std::int64_t kChunkRows = 65536; ///< activation rows read from disk at a time
constexpr std::size_t kCaptureBatch = 512;

struct EpochStats
{
    double loss = 0, fvu = 0, aux = 0;
    std::int64_t batches = 0;
    torch::Tensor fired; ///< [m] bool: latents active at least once
    bool stopped = false;
};

/// One pass over the activation file: chunks in random order, rows shuffled within a chunk.
EpochStats trainEpoch(TopKSae &sae,
                      torch::optim::Adam &opt,
                      const ActivationFile &acts,
                      const torch::Tensor &dead,
                      std::int64_t auxK,
                      const SaeConfig &config,
                      std::mt19937_64 &rng,
                      std::stop_token stop)
{
    sae->normaliseDecoder(); // RecSAE renormalises the decoder rows at every epoch's start
    EpochStats st;
    st.fired = torch::zeros({sae->latents()}, torch::kBool);
    std::vector<std::int64_t> chunks;
    for (std::int64_t from = 0; from < acts.rows(); from += kChunkRows)
        chunks.push_back(from);
    std::shuffle(chunks.begin(), chunks.end(), rng);
    for (auto from : chunks) {
        auto x = acts.read(from, kChunkRows);
        std::vector<std::int64_t> order(std::size_t(x.size(0)));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        x = x.index_select(0, torch::tensor(order, torch::kInt64));
        for (std::int64_t b = 0; b < x.size(0); b += config.batchSize) {
            if (stop.stop_requested()) {
                st.stopped = true;
                return st;
            }
            const auto loss = saeLoss(sae,
                                      x.slice(0, b, b + config.batchSize),
                                      dead,
                                      auxK,
                                      config.auxCoefficient);
            opt.zero_grad();
            loss.total.backward();
            opt.step();
            st.loss += loss.total.item<double>();
            st.fvu += loss.fvu.item<double>();
            st.aux += loss.aux.item<double>();
            st.fired |= loss.z.gt(0).any(0);
            ++st.batches;
        }
    }
    return st;
}

std::vector<torch::Tensor> snapshot(TopKSae &sae)
{
    std::vector<torch::Tensor> out;
    for (const auto &p : sae->parameters())
        out.push_back(p.detach().clone());
    return out;
}

void restore(TopKSae &sae, const std::vector<torch::Tensor> &saved)
{
    torch::NoGradGuard ng;
    auto params = sae->parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
        params[i].copy_(saved[i]);
}

/// Everything one probe needs while it trains.
struct ProbeJob
{
    LoadedRun &run;
    const SaeConfig &config;
    StoringObserver &observer;
    std::stop_token stop;
    RunSummary &summary;
};

/// Trains the autoencoder on captured activations; leaves the best epoch's weights in sae.
/// Returns false when cancelled.
bool trainProbe(ProbeJob &job, TopKSae &sae, const ActivationFile &acts)
{
    const auto &cfg = job.config;
    auto &model = *job.run.model;
    torch::optim::Adam opt(sae->parameters(), torch::optim::AdamOptions(cfg.learningRate));
    const std::int64_t auxK = cfg.auxK > 0 ? cfg.auxK : std::max<std::int64_t>(1, acts.dim() / 2);
    const ItemFacts facts = makeItemFacts(job.run.train, torch::kCPU);
    const auto validTargets = userItemsOf(job.run.data, job.run.split.valid);
    const auto validStates = finalStates(model, job.run.train.sequences);
    ProbedModel reconstructed(model,
                              [&](const torch::Tensor &h) { return sae->decode(sae->encode(h)); });
    const std::string metric = job.run.spec.validMetric;
    std::mt19937_64 rng(cfg.seed);
    torch::Tensor dead; // none known before the first epoch: AuxK starts at epoch 2
    double best = -1;
    std::vector<torch::Tensor> bestWeights = snapshot(sae);
    for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
        job.observer.onEpochBegin(epoch, cfg.epochs);
        const auto st = trainEpoch(sae, opt, acts, dead, auxK, cfg, rng, job.stop);
        if (st.stopped)
            return false;
        dead = st.fired.logical_not();
        const double n = double(std::max<std::int64_t>(1, st.batches));
        job.observer.onMetric({"train/loss", epoch, st.loss / n});
        job.observer.onMetric({"train/FVU", epoch, st.fvu / n});
        job.observer.onMetric({"train/AuxK", epoch, st.aux / n});
        job.observer.onMetric(
            {"train/DeadLatents", epoch, dead.to(torch::kDouble).mean().item<double>()});
        auto valid = evaluateRanking(reconstructed,
                                     job.run.train,
                                     job.run.train.sequences,
                                     validTargets,
                                     job.run.spec.eval,
                                     facts,
                                     job.stop);
        const auto rec = measureReconstruction(sae, validStates);
        valid["ExplainedVariance"] = rec.explained;
        valid["L0"] = rec.l0;
        for (const auto &name : {metric, std::string("ExplainedVariance"), std::string("L0")})
            job.observer.onMetric({"valid/" + name, epoch, valid[name]});
        job.observer.onProgress(0.1 + 0.7 * epoch / cfg.epochs, "training the autoencoder");
        job.summary.epochs = epoch;
        if (valid[metric] > best) {
            best = valid[metric];
            job.summary.bestEpoch = epoch;
            job.summary.valid = valid;
            bestWeights = snapshot(sae);
        } else if (cfg.patience > 0 && epoch - job.summary.bestEpoch >= cfg.patience) {
            job.summary.message = "early stop: no " + metric + " improvement in "
                                  + std::to_string(cfg.patience) + " epochs";
            break;
        }
    }
    restore(sae, bestWeights);
    return true;
}

/// Test metrics of the best autoencoder: reconstruction quality and the recommendation metrics
/// with reconstructed states next to the model's own.
void testProbe(ProbeJob &job, TopKSae &sae)
{
    auto &model = *job.run.model;
    const ItemFacts facts = makeItemFacts(job.run.train, torch::kCPU);
    ProbedModel reconstructed(model,
                              [&](const torch::Tensor &h) { return sae->decode(sae->encode(h)); });
    ProbedModel original(model, [](const torch::Tensor &h) { return h; });
    auto &test = job.summary.test;
    test = evaluateRanking(reconstructed,
                           job.run.train,
                           job.run.testHistory,
                           job.run.testTargets,
                           job.run.spec.eval,
                           facts,
                           job.stop);
    const auto own = evaluateRanking(original,
                                     job.run.train,
                                     job.run.testHistory,
                                     job.run.testTargets,
                                     job.run.spec.eval,
                                     facts,
                                     job.stop);
    test[job.run.spec.validMetric + " (model)"] = own.at(job.run.spec.validMetric);
    const auto rec = measureReconstruction(sae, finalStates(model, job.run.testHistory));
    test["MSE"] = rec.mse;
    test["ExplainedVariance"] = rec.explained;
    test["L0"] = rec.l0;
}

} // namespace

std::int64_t trainSae(const Registry &registry,
                      ProjectStore &store,
                      std::int64_t runId,
                      const SaeConfig &config,
                      std::stop_token stop,
                      RunObserver &observer)
{
    config.validate();
    LoadedRun run;
    run.load(registry, store, runId);
    if (!run.model)
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + " is a CTR run; RecSAE probes sequential ranking models");
    requireHiddenStates(run);
    const RunRecord parent = store.run(runId);
    const auto dir = std::filesystem::path(savedModelFile(store, runId)).parent_path();
    auto params = nlohmann::json::parse(config.toJson());
    params["probe_run"] = runId;
    const std::string label = "RecSAE · " + parent.label;
    const auto id = store.beginRun(parent.experimentId,
                                   parent.datasetId,
                                   "recsae",
                                   label,
                                   params.dump(),
                                   "cpu",
                                   config.seed);
    observer.onRunBegin(id, label, "cpu");
    StoringObserver obs(store, id, observer);
    RunSummary summary;
    summary.model = "recsae";
    summary.device = "cpu";
    const auto acts = dir / (runFileStem(store, id) + ".acts.f32");
    const auto started = std::chrono::steady_clock::now();
    try {
        torch::manual_seed(config.seed);
        ProbeJob job{run, config, obs, stop, summary};
        const auto set = makeProbeSet(run.train.sequences, config.prefixesPerUser, config.seed);
        obs.onLog(LogLevel::Info,
                  "capturing the hidden states of " + std::to_string(set.size()) + " sequences to "
                      + acts.string());
        bool done = ActivationFile::capture(acts,
                                            *run.model,
                                            run.train.sequences,
                                            set,
                                            kCaptureBatch,
                                            stop,
                                            [&](double f) {
                                                obs.onProgress(0.1 * f, "capturing hidden states");
                                            });
        const auto captured = std::chrono::steady_clock::now();
        TopKSae sae(nullptr);
        if (done) {
            const ActivationFile file(acts);
            sae = TopKSae(file.dim(), file.dim() * config.scale, config.k);
            done = trainProbe(job, sae, file);
        }
        summary.trainSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!done) {
            summary.status = RunStatus::Cancelled;
            summary.message = "cancelled";
        } else {
            obs.onProgress(0.8, "testing");
            testProbe(job, sae);
            obs.onProgress(0.9, "building the concept dictionary");
            const auto describing = std::chrono::steady_clock::now();
            const auto concepts = describeLatents(run, sae, config, stop);
            summary.test["CaptureSeconds"]
                = std::chrono::duration<double>(captured - started).count();
            summary.test["DictionarySeconds"]
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - describing)
                      .count();
            summary.test["Sequences"] = double(set.size());
            addDictionaryMetrics(run, concepts, config, summary.test);
            store.saveConcepts(id, concepts);
            store.addArtifact(id,
                              "model",
                              saveSae(sae, dir / (runFileStem(store, id) + ".sae.pt")));
        }
    } catch (const Cancelled &) { // stopped while describing the latents: as in training
        summary.status = RunStatus::Cancelled;
        summary.message = "cancelled";
        summary.test.clear(); // a cancelled probe stores no test metrics
    } catch (const std::exception &e) {
        summary.status = RunStatus::Failed;
        summary.message = e.what();
    }
    std::error_code ec;
    std::filesystem::remove(acts, ec); // a cache: the weights and the dictionary are what stays
    obs.flush();
    store.finishRun(id, summary);
    observer.onRunEnd(id, summary);
    return id;
}

} // namespace recscope::core
