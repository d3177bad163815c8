// SPDX-License-Identifier: MIT
#pragma once

#include "ctr/ctr_data.h"

#include <recscope/core/attack.h>
#include <recscope/core/experiment.h>
#include <recscope/core/split.h>
#include <recscope/sdk/ctr_model.h>
#include <recscope/sdk/model.h>

#include <memory>
#include <optional>
#include <string>

namespace recscope::core {
class Registry;
class ProjectStore;
} // namespace recscope::core

namespace recscope::core::detail {

/// A trained run brought back to life on the CPU: its stored spec, dataset and split rebuilt,
/// and its saved weights loaded into a fresh model in eval mode. Ranking runs fill model,
/// train, testHistory (train + valid) and testTargets; CTR runs fill ctr and ctrModel (each
/// task fills its parts: Task::loadData, Task::loadModel).
struct LoadedRun
{
    const Registry *registry = nullptr; ///< set by load and loadData
    std::int64_t runId = 0;
    ExperimentSpec spec;
    ModelEntry entry;
    std::string label;
    std::uint64_t seed = 0; ///< the run's own (one of the spec's "repeat" seeds)
    Dataset data;
    Split split;
    sdk::TrainData train;
    sdk::UserItems testHistory, testTargets;
    std::unique_ptr<sdk::Model> model;
    std::unique_ptr<CtrData> ctr;
    std::unique_ptr<sdk::CtrModel> ctrModel;
    std::optional<AttackPlan> attack; ///< the targets and fake users when the spec attacks

    /// Throws ConfigError("run") when the run has no saved model (only runs trained with a
    /// checkpoint folder keep their weights) or its file is gone.
    void load(const Registry &registry, const ProjectStore &store, std::int64_t id);
    /// The spec, dataset, split and (ranking) train/test parts only: no model, no weights needed.
    void loadData(const Registry &registry, const ProjectStore &store, std::int64_t id);
};

/// The file of a run's saved weights ("model" artifact), or a ConfigError naming the run.
std::string savedModelFile(const ProjectStore &store, std::int64_t runId);

/// Loads a module saved with torch::save-style archives; ModelError naming the file on failure.
void loadModuleWeights(torch::nn::Module &module, const std::string &file);

} // namespace recscope::core::detail
