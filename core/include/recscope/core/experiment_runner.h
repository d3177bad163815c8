// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/experiment.h"
#include "recscope/core/run_observer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

namespace recscope::core {

namespace detail {
struct PreparedData;
} // namespace detail

class Registry;
class ProjectStore;
struct RunGroup;

struct RS_CORE_EXPORT ExperimentResult
{
    std::int64_t experimentId = 0;
    std::vector<std::int64_t> runIds;
    std::vector<RunSummary> runs;
};

/// Runs a spec end to end: load, prepare, split, then train and evaluate each model in turn
/// (once per seed of "repeat"; an entry with "sweep" ranges as a sweep), storing everything.
/// Synchronous and cancellable (checked once per batch).
class RS_CORE_EXPORT ExperimentRunner
{
public:
    ExperimentRunner(const Registry &registry, ProjectStore &store);
    ~ExperimentRunner();
    /// Directory for checkpoints: each trainable run saves one after every epoch.
    void setCheckpointDir(std::filesystem::path dir);
    ExperimentResult run(const ExperimentSpec &spec, std::stop_token stop, RunObserver &observer);
    /// Continues a cancelled, failed or interrupted run from its checkpoint into the same run id,
    /// with its experiment's stored spec: the dataset and split are rebuilt (same seed, same
    /// split), training goes on after the checkpoint's epoch, then the run is tested. Throws
    /// ConfigError("run") when the run is finished, still running or has no checkpoint.
    ExperimentResult resume(std::int64_t runId, std::stop_token stop, RunObserver &observer);
    /// Continues a cancelled, failed or interrupted sweep: its finished trial runs are kept, the
    /// missing ones run, then the selection and the selected configuration's final runs.
    ExperimentResult resumeSweep(std::int64_t sweepId, std::stop_token stop, RunObserver &observer);

private:
    using Prepared = detail::PreparedData;
    /// How one run goes: its seed, whether it is tested (a sweep trial is not), and where a
    /// resumed run continues from.
    struct RunPlan
    {
        std::uint64_t seed = 0;
        bool test = true;
        std::filesystem::path checkpoint; ///< empty: a fresh run
        double trainSecondsBefore = 0;
    };
    std::unique_ptr<Prepared>
    prepare(const ExperimentSpec &spec, RunObserver &observer, bool storeDataset);
    /// Begins a stored run of entry in the group and trains (and tests) it.
    RunSummary startRun(const Prepared &p,
                        const ExperimentSpec &spec,
                        const ModelEntry &entry,
                        const RunGroup &group,
                        const RunPlan &plan,
                        ExperimentResult &result,
                        std::stop_token stop,
                        RunObserver &observer);
    /// The trials of models[modelIndex] (every seed), the selection on validation, and the
    /// selected configuration's tested runs; sweepId 0 starts a new sweep.
    void runSweep(const Prepared &p,
                  const ExperimentSpec &spec,
                  int modelIndex,
                  std::int64_t sweepId,
                  ExperimentResult &result,
                  std::stop_token stop,
                  RunObserver &observer);
    RunSummary trainAndTest(const Prepared &p,
                            const ExperimentSpec &spec,
                            const ModelEntry &entry,
                            std::int64_t runId,
                            const RunPlan &plan,
                            std::stop_token stop,
                            RunObserver &observer);

    const Registry &m_registry;
    ProjectStore &m_store;
    std::filesystem::path m_checkpointDir;
};

} // namespace recscope::core
