// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/task.h>

namespace recscope::core::detail {

/// Top-K over the whole catalogue: models score every item, runs are judged by ranking metrics
/// at the spec's Ks, and a run can be audited, attacked, probed and extracted.
class RankingTask final : public Task
{
public:
    TaskKind kind() const override { return TaskKind::Ranking; }
    bool ranksCatalogue() const override { return true; }
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
