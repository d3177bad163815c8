// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"
#include "recscope/core/task_kind.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;
class ProjectStore;

/// Self-attention of a sequential model (SASRec, HSTU) over one user's most recent items.
struct RS_CORE_EXPORT AttentionMaps
{
    int layers = 0, heads = 0;
    std::vector<std::int64_t> items; ///< the window's items (dense ids), oldest first, no padding
    std::vector<float> weights;      ///< [layers][heads][L][L], query × key, L = items.size()
    int length() const { return int(items.size()); }
    float at(int layer, int head, int query, int key) const
    {
        const auto l = std::size_t(length());
        return weights[((std::size_t(layer) * std::size_t(heads) + std::size_t(head)) * l
                        + std::size_t(query))
                           * l
                       + std::size_t(key)];
    }
};

/// A CTR model's target attention on one sample (a clicked target or a sampled non-click).
struct RS_CORE_EXPORT BehaviourAttention
{
    std::int64_t targetItem = 0;
    float label = 0, probability = 0;
    std::int64_t targetTime = 0;
    std::vector<std::int64_t> rows; ///< dataset rows of the history, oldest first
    std::vector<float> weights;     ///< aggregation weight of each behaviour
    std::vector<float> scores;      ///< search score of each behaviour (attention logits)
    std::vector<float> repScores; ///< two-stage models: ⟨r_i, r_t⟩/√d in the representation space
    std::vector<bool> retrieved; ///< in the two-stage model's top-K (all false otherwise)
    std::vector<bool> relevant; ///< planted relevance: the target's category, among the recent ones
    std::vector<float> correlation; ///< the search check's learned gain of each behaviour (PMI with
                                    ///< the click, ≥ 0)
};

/// Where attention goes across many samples: by time gap to the target and by whether the
/// behaviour shares the target's category (TIN's semantic-temporal correlation). Mass is the mean
/// summed weight per sample; share is the mean fraction of behaviours (what uniform attention
/// gives).
struct RS_CORE_EXPORT AttentionAggregate
{
    std::vector<std::string> gapLabels;
    std::vector<double> massSame, massOther, shareSame, shareOther; ///< per gap bucket
    std::int64_t samples = 0;
};

/// Opens a trained run of a project (its spec, dataset, split and saved weights, on the CPU) to
/// look at what the model attends to. Throws ConfigError("run") when the run has no saved model
/// (only runs trained with a checkpoint folder keep their weights).
class RS_CORE_EXPORT RunInspector
{
public:
    RunInspector(const Registry &registry, const ProjectStore &store, std::int64_t runId);
    ~RunInspector();
    RunInspector(const RunInspector &) = delete;
    RunInspector &operator=(const RunInspector &) = delete;

    const Dataset &dataset() const;
    TaskKind task() const;
    const std::string &label() const;
    /// Category name of an item (its first category), or empty.
    std::string categoryOf(std::int64_t item) const;
    /// Dense id of a user by original id, -1 when unknown.
    std::int64_t findUser(const std::string &id) const;
    /// Users with a test target, in id order.
    std::vector<std::int64_t> users() const;

    /// Ranking models with self-attention: the maps over the user's test-time history window.
    AttentionMaps selfAttention(std::int64_t user) const;
    /// CTR models: the user's test samples (the click first, then its sampled negatives).
    std::vector<BehaviourAttention> targetAttention(std::int64_t user) const;
    /// CTR models: the aggregate over up to maxSamples clicked test samples.
    AttentionAggregate aggregate(std::int64_t maxSamples = 2000) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace recscope::core
