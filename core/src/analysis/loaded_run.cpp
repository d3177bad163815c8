// SPDX-License-Identifier: MIT
#include "analysis/loaded_run.h"

#include "experiment/run_identity.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "recscope/core/split_files.h"
#include "recscope/core/store.h"
#include "recscope/core/task.h"
#include "train/module_files.h"

#include <torch/serialize.h>

#include <algorithm>
#include <filesystem>

namespace recscope::core::detail {

void loadModuleWeights(torch::nn::Module &module, const std::string &file)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file, torch::kCPU);
        loadModuleChecked(module, archive, file);
    } catch (const c10::Error &e) {
        throw ModelError("cannot read the saved model " + file + ": " + e.what_without_backtrace());
    }
}

std::string savedModelFile(const ProjectStore &store, std::int64_t runId)
{
    const RunRecord run = store.run(runId);
    std::string weights;
    for (const auto &[kind, path] : store.artifacts(runId))
        if (kind == "model")
            weights = path;
    if (weights.empty() || !std::filesystem::exists(weights))
        throw ConfigError("run",
                          "run " + std::to_string(runId) + " (" + run.label + ") has no saved model"
                              + (weights.empty() ? std::string(
                                     "; train it from the workbench or with --checkpoints DIR")
                                                 : ": " + weights + " is gone"));
    return weights;
}

void LoadedRun::loadData(const Registry &registry, const ProjectStore &store, std::int64_t id)
{
    runId = id;
    this->registry = &registry;
    const RunRecord run = store.run(id);
    spec = ExperimentSpec::fromJson(store.experimentSpec(run.experimentId), registry);
    label = run.label;
    entry = storedEntry(registry, spec, run);
    seed = run.seed;
    data = prepareDataset(loadExperimentData(spec.dataset, spec.split), spec.prepare);
    split = makeSplit(data, spec.split);
    if (spec.attack) // the model was trained with the fake users: rebuild them (seeded, the same)
        attack = applyAttack(data, split, *spec.attack);
    registry.task(spec.task).loadData(*this);
}

void LoadedRun::load(const Registry &registry, const ProjectStore &store, std::int64_t id)
{
    // Models without training (popularity, ItemKNN, EASE) are rebuilt by setup() from the same
    // data; no weights were saved for them.
    const ModelInfo *info = registry.info(store.run(id).model);
    const bool trainable = !info || info->trainable;
    const std::string weights = trainable ? savedModelFile(store, id) : std::string();
    loadData(registry, store, id);
    torch::NoGradGuard ng;
    registry.task(spec.task).loadModel(*this, weights);
}

} // namespace recscope::core::detail
