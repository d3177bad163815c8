// SPDX-License-Identifier: MIT
// runExtraction: surrogates of a sequential run per query budget and variant, and how well
// their lists agree with the victim's on users the attacker never saw.
#include "analysis/loaded_run.h"
#include "extraction/surrogate.h"
#include "recscope/core/error.h"
#include "recscope/core/model_registry.h"
#include "recscope/core/store.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace recscope::core {

using namespace detail;

namespace {

constexpr int kAgreementKs[] = {1, 5, 10, 20};

/// The held-out users' known histories (the prefixes both models are asked about) and test items.
struct Holdout
{
    Sequences prefixes;
    std::vector<std::int64_t> targets;
    ItemLists victim; ///< the victim's top-20 for each prefix
};

double ndcgAt10(const ItemLists &lists, const std::vector<std::int64_t> &targets)
{
    double sum = 0;
    for (std::size_t u = 0; u < lists.size(); ++u) {
        const auto end = lists[u].begin() + std::min<std::ptrdiff_t>(10, std::ptrdiff_t(lists[u].size()));
        const auto hit = std::find(lists[u].begin(), end, targets[u]);
        if (hit != end)
            sum += 1.0 / std::log2(double(hit - lists[u].begin()) + 2.0);
    }
    return lists.empty() ? 0.0 : sum / double(lists.size());
}

/// Victim or surrogate lists for the held-out prefixes, in batches.
template<class ScoreFn>
ItemLists listsOf(const Sequences &prefixes, ScoreFn score)
{
    ItemLists out;
    for (std::size_t from = 0; from < prefixes.size(); from += 512) {
        const Sequences part(prefixes.begin() + std::ptrdiff_t(from), prefixes.begin() + std::ptrdiff_t(std::min(prefixes.size(), from + 512)));
        for (auto &l : score(part))
            out.push_back(std::move(l));
    }
    return out;
}

void measure(ExtractionPoint &point, Surrogate &surrogate, const Holdout &holdout)
{
    const auto lists = listsOf(holdout.prefixes, [&](const Sequences &part) { return maskedTopK(surrogate.score(part), part, 20); });
    for (int k : kAgreementKs) {
        double sum = 0;
        for (std::size_t u = 0; u < lists.size(); ++u) {
            const auto &v = holdout.victim[u];
            std::int64_t shared = 0;
            for (int j = 0; j < k && j < int(lists[u].size()); ++j)
                shared += std::find(v.begin(), v.begin() + std::min<std::ptrdiff_t>(k, std::ptrdiff_t(v.size())), lists[u][std::size_t(j)])
                          != v.begin() + std::min<std::ptrdiff_t>(k, std::ptrdiff_t(v.size()));
            sum += double(shared) / k;
        }
        point.agreement[k] = sum / double(std::max<std::size_t>(1, lists.size()));
    }
    point.ndcg = ndcgAt10(lists, holdout.targets);
}

} // namespace

ExtractionReport runExtraction(const ModelRegistry &registry, ProjectStore &store, std::int64_t runId, const ExtractionConfig &config,
                               std::stop_token stop, const AnalysisProgress &progress)
{
    config.validate();
    LoadedRun run;
    run.load(registry, store, runId);
    const auto *info = run.model ? registry.info(run.entry.id) : nullptr;
    if (!info || !info->sequential)
        throw ConfigError("run", "run " + std::to_string(runId) + " (" + run.label
                                     + ") is not a sequential ranking model; extraction queries the victim with item sequences");
    const auto numItems = std::int64_t(run.data.numItems());
    if (config.listLength > numItems)
        throw ConfigError("extraction.list_length", "the victim has only " + std::to_string(numItems) + " items");

    // The attacker's few-shot users and the held-out users the agreement is measured on.
    std::mt19937_64 rng(config.seed);
    std::vector<std::int64_t> users;
    for (std::int64_t u = 0; u + 1 < std::int64_t(run.train.sequences.offsets.size()); ++u)
        if (run.train.sequences.count(u) >= 2)
            users.push_back(u);
    std::shuffle(users.begin(), users.end(), rng);
    const auto fewShot = std::max<std::size_t>(1, std::size_t(std::llround(config.fewShotShare * double(users.size()))));
    if (fewShot >= users.size())
        throw ConfigError("extraction.few_shot_share", "leaves no held-out users to measure agreement on");
    Sequences real;
    double meanLength = 0;
    for (std::size_t j = 0; j < fewShot; ++j) {
        const auto s = run.train.sequences.of(users[j]);
        real.emplace_back(s.begin(), s.end());
        meanLength += double(s.size()) / double(fewShot);
    }
    Holdout holdout;
    for (std::size_t j = fewShot; j < users.size() && std::int64_t(holdout.prefixes.size()) < config.evalUsers; ++j)
        if (run.testTargets.count(users[j]) > 0) {
            const auto h = run.testHistory.of(users[j]);
            holdout.prefixes.emplace_back(h.begin(), h.end());
            holdout.targets.push_back(run.testTargets.of(users[j]).front());
        }
    BlackBox judge(*run.model, numItems, 20); // evaluation only: not the attacker's queries
    holdout.victim = listsOf(holdout.prefixes, [&](const Sequences &part) { return judge.topK(part); });

    ExtractionReport report;
    report.runId = runId;
    report.label = run.label;
    report.config = config;
    report.items = numItems;
    report.fewShotUsers = std::int64_t(fewShot);
    report.evalUsers = std::int64_t(holdout.prefixes.size());
    report.victimNdcg = ndcgAt10(holdout.victim, holdout.targets);
    const TransitionSampler sampler(real, numItems);
    const int length = config.sequenceLength > 0 ? config.sequenceLength
                                                 : std::clamp(int(std::lround(meanLength)), 2, config.maxLen);
    const auto total = config.budgets.size() * config.variants.size();
    for (auto budget : config.budgets)
        for (const auto &variant : config.variants) {
            const auto started = std::chrono::steady_clock::now();
            ExtractionPoint point;
            point.variant = variant;
            point.budget = budget;
            BlackBox box(*run.model, numItems, config.listLength);
            const bool augmented = variant != "few-shot";
            // Every real prefix first (the attacker holds them), then synthesis spends the rest.
            DistillSet set = queryRealSequences(box, real, budget, config.maxLen, stop);
            if (augmented) {
                point.gate = listHitRate(set);
                std::mt19937_64 synthRng(config.seed + std::uint64_t(budget));
                set.append(synthesise(box, sampler, real, budget - set.queries, length, point.gate, synthRng, stop));
            }
            point.queries = box.queries();
            point.sequences = std::int64_t(set.sequences.size());
            torch::manual_seed(config.seed);
            Surrogate surrogate(numItems, config);
            surrogate.train(set, variant == "augmented+repair", stop);
            measure(point, surrogate, holdout);
            point.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            report.points.push_back(point);
            if (progress)
                progress(double(report.points.size()) / double(total),
                         variant + " surrogate at " + std::to_string(budget) + " queries: Agreement@10 " + std::to_string(point.agreement[10]));
        }
    store.addAudit(runId, config.toJson(), report.toJson(), "extraction");
    return report;
}

} // namespace recscope::core
