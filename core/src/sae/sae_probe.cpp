// SPDX-License-Identifier: MIT
#include "recscope/core/error.h"
#include "recscope/core/loaders.h"
#include "sae/sae_internal.h"
#include "train/module_files.h"

#include <torch/serialize.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace recscope::core::detail {

namespace {
constexpr std::size_t kBatch = 512;
} // namespace

torch::Tensor finalStates(sdk::Model &model, const sdk::UserItems &history)
{
    torch::NoGradGuard ng;
    const auto set = makeProbeSet(history, 1, 0); // one sequence per user: the whole history
    std::vector<torch::Tensor> parts;
    for (std::size_t from = 0; from < set.size(); from += kBatch)
        parts.push_back(
            probeHidden(model, history, set, from, std::min(set.size(), from + kBatch)));
    return parts.empty() ? torch::zeros({0, 0}) : torch::cat(parts);
}

Reconstruction measureReconstruction(const TopKSae &sae, const torch::Tensor &h)
{
    torch::NoGradGuard ng;
    if (h.numel() == 0)
        return {};
    auto z = sae->encode(h);
    const double err = (sae->decode(z) - h).pow(2).sum().item<double>();
    const double var = (h - h.mean(0, true)).pow(2).sum().item<double>();
    return {err / double(h.numel()),
            1.0 - err / std::max(var, 1e-12),
            z.gt(0).sum(1).to(torch::kDouble).mean().item<double>()};
}

void requireHiddenStates(LoadedRun &run)
{
    torch::NoGradGuard ng;
    const auto set = makeProbeSet(run.train.sequences, 1, 0);
    if (set.size() == 0)
        throw ConfigError("run",
                          "run " + std::to_string(run.runId)
                              + " has no training sequences to probe");
    auto h = run.model->hiddenStates(torch::arange(1, torch::kInt64),
                                     prefixBatch(run.train.sequences, set, 0, 1));
    if (!h.defined() || !run.model->scoreHiddenStates(h).defined())
        throw ConfigError("run",
                          "run " + std::to_string(run.runId) + " (" + run.label + ", model "
                              + run.entry.id
                              + ") exposes no hidden states; RecSAE probes sequential models such "
                                "as SASRec and HSTU");
}

std::vector<std::int64_t> itemGenres(const Dataset &data)
{
    std::vector<std::int64_t> out(data.numItems(), -1);
    if (!data.itemCategories.empty())
        for (std::size_t i = 0; i < data.numItems(); ++i)
            if (const auto t = data.itemCategories.of(std::int64_t(i)); !t.empty())
                out[i] = t[0];
    return out;
}

std::string itemName(const Dataset &data, std::int64_t item)
{
    if (item < 0 || std::size_t(item) >= data.numItems())
        return "–";
    const auto i = std::size_t(item);
    return i < data.itemTitles.size() && !data.itemTitles[i].empty() ? data.itemTitles[i]
                                                                     : data.itemIds[i];
}

ConceptNames conceptNames(const Dataset &data)
{
    return {data.itemCategories.vocabulary,
            [&data](std::int64_t item) { return itemName(data, item); }};
}

ProbeCodes encodeProbeSet(sdk::Model &model,
                          const TopKSae &sae,
                          const sdk::UserItems &history,
                          const ProbeSet &set,
                          std::stop_token stop)
{
    torch::NoGradGuard ng;
    ProbeCodes codes;
    codes.k = sae->k();
    codes.latents = sae->latents();
    for (std::size_t from = 0; from < set.size() && !stop.stop_requested(); from += kBatch) {
        const auto to = std::min(set.size(), from + kBatch);
        auto h = probeHidden(model, history, set, from, to);
        auto [values, index] = sae->encode(h).topk(codes.k, 1);
        auto v = values.contiguous(), ix = index.to(torch::kInt32).contiguous();
        codes.value.insert(codes.value.end(), v.data_ptr<float>(), v.data_ptr<float>() + v.numel());
        codes.latent.insert(codes.latent.end(),
                            ix.data_ptr<std::int32_t>(),
                            ix.data_ptr<std::int32_t>() + ix.numel());
        // The top-1 recommendation never repeats an item the sequence already has.
        auto scores = model.scoreHiddenStates(h).to(torch::kCPU).clone();
        std::vector<std::int64_t> rows, cols;
        for (std::size_t s = from; s < to; ++s)
            for (auto item : history.of(set.user[s]).first(std::size_t(set.end[s]))) {
                rows.push_back(std::int64_t(s - from));
                cols.push_back(item);
            }
        scores.index_put_({torch::tensor(rows, torch::kInt64), torch::tensor(cols, torch::kInt64)},
                          -INFINITY);
        auto top = scores.argmax(1).contiguous();
        codes.topItem.insert(codes.topItem.end(),
                             top.data_ptr<std::int64_t>(),
                             top.data_ptr<std::int64_t>() + top.numel());
    }
    if (stop.stop_requested())
        throw Cancelled("RecSAE probe");
    return codes;
}

std::vector<Concept>
describeLatents(LoadedRun &run, const TopKSae &sae, const SaeConfig &config, std::stop_token stop)
{
    const auto set = makeProbeSet(run.testHistory, config.prefixesPerUser, config.seed + 1);
    const auto codes = encodeProbeSet(*run.model, sae, run.testHistory, set, stop);
    const auto features
        = sequenceFeatures(run.testHistory, set, codes.topItem, itemGenres(run.data));
    return buildConcepts(set, codes, features, config, conceptNames(run.data));
}

void addDictionaryMetrics(const LoadedRun &run,
                          const std::vector<Concept> &concepts,
                          const SaeConfig &config,
                          MetricValues &out)
{
    double named = 0, confident = 0, confidenceSum = 0, dead = 0;
    for (const auto &c : concepts) {
        dead += c.frequency == 0;
        if (c.kind == "none")
            continue;
        ++named;
        confidenceSum += c.confidence;
        confident += c.confidence >= config.confidentAt;
    }
    out["Concepts"] = named;
    out["ConfidentConcepts"] = confident;
    out["MeanConfidence"] = named > 0 ? confidenceSum / named : 0.0;
    out["DeadLatents"] = concepts.empty() ? 0.0 : dead / double(concepts.size());
    if (run.spec.dataset.format != DatasetFormat::Synthetic)
        return;
    const auto planted = generateSynthetic(run.spec.dataset.synthetic);
    const auto found = recoverPlanted(concepts,
                                      run.data.itemCategories.vocabulary,
                                      planted.truth,
                                      planted.data.itemCategories.vocabulary,
                                      config.confidentAt);
    out["PlantedGenres"] = found.genres;
    out["PlantedGenresFound"] = found.genresFound;
    out["PlantedTransitions"] = found.transitions;
    out["PlantedTransitionsFound"] = found.transitionsFound;
    auto mean = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    };
    out["PlantedGenreConfidence"]
        = mean(found.genreConfidence); // best confidence per planted genre, averaged
    out["PlantedTransitionConfidence"] = mean(found.transitionConfidence);
}

std::string saveSae(TopKSae &sae, const std::filesystem::path &file)
{
    torch::serialize::OutputArchive archive;
    sae->save(archive);
    saveArchiveAtomically(archive, file);
    return file.string();
}

TopKSae loadSae(const std::string &file, const SaeConfig &config, std::int64_t inputSize)
{
    TopKSae sae(inputSize, inputSize * config.scale, config.k);
    loadModuleWeights(*sae, file);
    return sae;
}

} // namespace recscope::core::detail
