// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/task.h>

namespace recscope::core::detail {

/// Click prediction of one target item over long behaviour sequences (README, Long-sequence CTR
/// models): runs are judged by AUC, GAUC and log loss on sampled click/no-click targets.
class CtrTask final : public Task
{
public:
    TaskKind kind() const override { return TaskKind::Ctr; }
    bool ranksCatalogue() const override { return false; }
    std::string defaultValidMetric(const ExperimentSpec &spec) const override;
    std::vector<std::string> selectionMetrics(const ExperimentSpec &spec) const override;
    void checkSelectionMetric(const ExperimentSpec &spec,
                              const std::string &metric,
                              const std::string &key) const override;
    std::vector<std::string> resultColumns(const ExperimentSpec &spec,
                                           const std::vector<MetricValues> &tests) const override;
    std::string protocol(const ExperimentSpec &spec, const MetricValues &test) const override;
    void
    prepare(PreparedData &data, const ExperimentSpec &spec, RunObserver &observer) const override;
    void trainAndTest(TaskRun &run) const override;
    void loadData(LoadedRun &run) const override;
    void loadModel(LoadedRun &run, const std::string &weights) const override;
    MetricValues retest(const LoadedRun &run, std::stop_token stop) const override;
};

} // namespace recscope::core::detail
