// SPDX-License-Identifier: MIT
// Example metric plugin: two per-user top-K metrics, averaged over users by the evaluator.
//   F1@K       = 2 P R / (P + R) with P = hits / K and R = hits / |Te_u| (0 without hits).
//   PSRecall@K = Σ_{i ∈ hits} w_i / Σ_{i ∈ Te_u} w_i,  w_i = (N_i + 1)^(−γ), γ = 0.5
//     Popularity-stratified recall (Steck, "Item popularity and recommendation accuracy",
//     RecSys 2011): hits on rarely seen items count more, which corrects for the selection bias
//     towards popular items in the held-out data. N_i is the item's training count (+1 so that
//     items unseen in training stay finite). Simplifications: γ is fixed at 0.5 (the paper
//     varies it), and the ratio is taken per user and then averaged, where the paper pools all
//     test pairs before dividing.
#include <recscope/sdk/metric.h>
#include <recscope/sdk/plugin.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace {

using recscope::sdk::MetricContext;
using Items = std::span<const std::int64_t>;

std::int64_t hits(Items ranked, Items relevant)
{
    return std::count_if(ranked.begin(), ranked.end(), [&](std::int64_t i) {
        return std::binary_search(relevant.begin(), relevant.end(), i);
    });
}

class F1 final : public recscope::sdk::RankingMetric
{
public:
    recscope::core::MetricInfo info() const override
    {
        return {"F1", "Harmonic mean of Precision@K and Recall@K per user (plugin extra_metrics)"};
    }
    double user(Items ranked, Items relevant, const MetricContext &) const override
    {
        const auto h = double(hits(ranked, relevant));
        if (h == 0 || ranked.empty())
            return 0.0;
        const double p = h / double(ranked.size()), r = h / double(relevant.size());
        return 2 * p * r / (p + r);
    }
};

class PopularityStratifiedRecall final : public recscope::sdk::RankingMetric
{
public:
    static constexpr double gamma = 0.5;

    recscope::core::MetricInfo info() const override
    {
        return {"PSRecall",
                "Popularity-stratified recall, hits weighted by (training count + 1)^-0.5 (Steck "
                "2011; plugin extra_metrics)"};
    }
    double user(Items ranked, Items relevant, const MetricContext &context) const override
    {
        auto weight = [&](std::int64_t i) {
            const auto n = i < std::int64_t(context.itemTrainCounts.size())
                               ? context.itemTrainCounts[std::size_t(i)]
                               : 0;
            return std::pow(double(n) + 1.0, -gamma);
        };
        double hit = 0, all = 0;
        for (auto i : relevant)
            all += weight(i);
        for (auto i : ranked)
            if (std::binary_search(relevant.begin(), relevant.end(), i))
                hit += weight(i);
        return all > 0 ? hit / all : 0.0;
    }
};

void registerExtensions(recscope::core::Registry &registry)
{
    registry.add(std::make_shared<F1>());
    registry.add(std::make_shared<PopularityStratifiedRecall>());
}

} // namespace

RECSCOPE_PLUGIN("extra_metrics", registerExtensions)
