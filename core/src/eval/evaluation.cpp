// SPDX-License-Identifier: MIT
#include "recscope/core/evaluation.h"

#include "recscope/core/error.h"

#include <recscope/sdk/metric.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace recscope::core {

const std::vector<std::string> &rankingMetricNames()
{
    static const std::vector<std::string> names{"Recall",
                                                "Precision",
                                                "Hit",
                                                "NDCG",
                                                "MRR",
                                                "MAP",
                                                "ItemCoverage",
                                                "GiniIndex",
                                                "AveragePopularity",
                                                "Novelty",
                                                "IntraListDiversity"};
    return names;
}

bool isBeyondAccuracyMetric(const std::string &name)
{
    return name == "ItemCoverage" || name == "GiniIndex" || name == "AveragePopularity"
           || name == "Novelty" || name == "IntraListDiversity";
}

void EvalConfig::validate(const std::string &context) const
{
    const auto &known = rankingMetricNames();
    for (std::size_t k = 0; k < metrics.size(); ++k) {
        if (std::find(known.begin(), known.end(), metrics[k]) != known.end())
            continue;
        if (std::any_of(pluginMetrics.begin(), pluginMetrics.end(), [&](const auto &m) {
                return m->info().name == metrics[k];
            }))
            continue;
        std::string list;
        for (const auto &n : known)
            list += (list.empty() ? "" : ", ") + n;
        std::string hint
            = (metrics[k] == "AUC" || metrics[k] == "GAUC" || metrics[k] == "LogLoss")
                  ? " (AUC, GAUC and LogLoss apply to CTR-style models, not to top-K ranking)"
                  : "";
        throw ConfigError(context + ".metrics[" + std::to_string(k) + "]",
                          "unknown metric '" + metrics[k] + "'" + hint + "; known: " + list);
    }
    if (ks.empty())
        throw ConfigError(context + ".ks", "give at least one cut-off K");
    for (std::size_t k = 0; k < ks.size(); ++k)
        if (ks[k] < 1 || ks[k] > 10000)
            throw ConfigError(context + ".ks[" + std::to_string(k) + "]",
                              "K must be in [1, 10000]");
    if (sampledNegatives < 0)
        throw ConfigError(context + ".sampled_negatives", "must be 0 (full ranking) or positive");
    if (userBatch < 1)
        throw ConfigError(context + ".user_batch", "must be positive");
}

void EvalConfig::checkCatalogue(std::int64_t numItems) const
{
    for (std::size_t k = 0; k < ks.size(); ++k)
        if (ks[k] > numItems)
            throw ConfigError("eval.ks[" + std::to_string(k) + "]",
                              "cut-off " + std::to_string(ks[k]) + " is larger than the catalogue ("
                                  + std::to_string(numItems) + " items); lower it");
}

int EvalConfig::maxK() const
{
    return ks.empty() ? 0 : *std::max_element(ks.begin(), ks.end());
}

namespace {

// Mann-Whitney U with average ranks for ties: AUC = (sum of positive ranks - P(P+1)/2) / (P N).
double aucOf(std::vector<std::pair<float, float>> &rows)
{
    std::sort(rows.begin(), rows.end(), [](auto &a, auto &b) { return a.first < b.first; });
    double rankSumPos = 0, pos = 0;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j < rows.size() && rows[j].first == rows[i].first)
            ++j;
        const double avgRank = 0.5 * double(i + 1 + j); // ranks i+1..j
        for (std::size_t k = i; k < j; ++k)
            if (rows[k].second > 0.5) {
                rankSumPos += avgRank;
                pos += 1;
            }
        i = j;
    }
    const double neg = double(rows.size()) - pos;
    if (pos == 0 || neg == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return (rankSumPos - pos * (pos + 1) / 2) / (pos * neg);
}

void checkSizes(std::size_t a, std::size_t b, const char *what)
{
    if (a != b)
        throw ConfigError(what, "scores and labels differ in length");
}

} // namespace

double auc(std::span<const float> scores, std::span<const float> labels)
{
    checkSizes(scores.size(), labels.size(), "auc");
    std::vector<std::pair<float, float>> rows(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        rows[i] = {scores[i], labels[i]};
    return aucOf(rows);
}

double gauc(std::span<const float> scores,
            std::span<const float> labels,
            std::span<const std::int64_t> groups)
{
    checkSizes(scores.size(), labels.size(), "gauc");
    checkSizes(scores.size(), groups.size(), "gauc");
    std::unordered_map<std::int64_t, std::vector<std::pair<float, float>>> byGroup;
    for (std::size_t i = 0; i < scores.size(); ++i)
        byGroup[groups[i]].emplace_back(scores[i], labels[i]);
    double weighted = 0, weight = 0;
    for (auto &[g, rows] : byGroup) {
        const double a = aucOf(rows);
        if (std::isnan(a))
            continue; // a group with one class has no AUC
        weighted += a * double(rows.size());
        weight += double(rows.size());
    }
    return weight > 0 ? weighted / weight : std::numeric_limits<double>::quiet_NaN();
}

double logLoss(std::span<const float> probabilities, std::span<const float> labels)
{
    checkSizes(probabilities.size(), labels.size(), "logloss");
    if (probabilities.empty())
        return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        const double p = std::clamp(double(probabilities[i]), 1e-7, 1 - 1e-7);
        sum += labels[i] > 0.5 ? -std::log(p) : -std::log(1 - p);
    }
    return sum / double(probabilities.size());
}

} // namespace recscope::core
