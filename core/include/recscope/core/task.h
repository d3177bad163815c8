// SPDX-License-Identifier: MIT
#pragma once
// A task: what a run learns to do, and everything that differs with it: how a spec is checked,
// how a run is trained and tested (and tested again from its saved weights), and which results
// a table shows. The registry holds one per TaskKind (Registry::task); the built-in ones live in
// core/src/run, one file pair each, and registerBuiltins (builtins.h) adds them.

#include "recscope/core/evaluation.h"
#include "recscope/core/export.h"
#include "recscope/core/task_kind.h"

#include <stop_token>
#include <string>
#include <vector>

namespace recscope::core {

struct ExperimentSpec;
class RunObserver;

namespace detail {
struct PreparedData; // core/src/run/task_run.h: the engine's side
struct TaskRun;
struct LoadedRun; // core/src/analysis/loaded_run.h
} // namespace detail

class RS_CORE_EXPORT Task
{
public:
    virtual ~Task();
    virtual TaskKind kind() const = 0;
    /// Whether runs rank the whole catalogue into top-K lists: the spec's eval metrics and Ks,
    /// audits, attacks, probes and extraction apply only then.
    virtual bool ranksCatalogue() const = 0;
    /// The validation metric runs are selected on when the spec names none.
    virtual std::string defaultValidMetric(const ExperimentSpec &spec) const = 0;
    /// The metrics runs of this task can be selected on (early stopping, sweeps): ones that
    /// validation computes and where higher is better, in the order an editor lists them.
    virtual std::vector<std::string> selectionMetrics(const ExperimentSpec &spec) const = 0;
    /// Throws ConfigError(key), saying what is allowed, unless metric is a selection metric.
    virtual void checkSelectionMetric(const ExperimentSpec &spec,
                                      const std::string &metric,
                                      const std::string &key) const = 0;
    /// The columns of a results table of runs with these test metrics, in order.
    virtual std::vector<std::string>
    resultColumns(const ExperimentSpec &spec, const std::vector<MetricValues> &tests) const = 0;
    /// How runs were tested, in one line, with the size of the test set from a run's metrics.
    virtual std::string protocol(const ExperimentSpec &spec, const MetricValues &test) const = 0;

    // The engine's side: its types are internal (core/src), so only core implements tasks.
    /// What every model of an experiment trains on, derived from the prepared data and split.
    /// Throws ConfigError naming the spec field the data cannot satisfy.
    virtual void prepare(detail::PreparedData &data,
                         const ExperimentSpec &spec,
                         RunObserver &observer) const = 0;
    /// Trains one run and, unless it is a sweep trial, tests it; fills the run's summary.
    virtual void trainAndTest(detail::TaskRun &run) const = 0;
    /// A stored run brought back (analysis/loaded_run.h): what the task derives from the rebuilt
    /// data and split, then the model with its saved weights (none for a model without
    /// training: setup() rebuilds it from the data), in eval mode.
    virtual void loadData(detail::LoadedRun &run) const = 0;
    virtual void loadModel(detail::LoadedRun &run, const std::string &weights) const = 0;
    /// A loaded run's test metrics computed afresh, as trainAndTest computed them.
    virtual MetricValues retest(const detail::LoadedRun &run, std::stop_token stop) const = 0;
};

} // namespace recscope::core
