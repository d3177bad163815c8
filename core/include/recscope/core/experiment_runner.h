// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/experiment.h"
#include "recscope/core/run_observer.h"

#include <filesystem>
#include <optional>
#include <stop_token>
#include <vector>

namespace recscope::core {

class ModelRegistry;
class ProjectStore;

struct RS_CORE_EXPORT ExperimentResult
{
    std::int64_t experimentId = 0;
    std::vector<std::int64_t> runIds;
    std::vector<RunSummary> runs;
};

/// Runs a spec end to end: load, prepare, split, then train and evaluate each model in turn,
/// storing everything. Synchronous and cancellable (checked once per batch).
class RS_CORE_EXPORT ExperimentRunner
{
public:
    ExperimentRunner(const ModelRegistry &registry, ProjectStore &store);
    /// Directory for checkpoints; a run resumes from its checkpoint when resume is set.
    void setCheckpointDir(std::filesystem::path dir);
    ExperimentResult run(const ExperimentSpec &spec, std::stop_token stop, RunObserver &observer);

private:
    const ModelRegistry &m_registry;
    ProjectStore &m_store;
    std::filesystem::path m_checkpointDir;
};

} // namespace recscope::core
