// SPDX-License-Identifier: MIT
// runExtraction: surrogates of a sequential run per query budget and variant, and how well
// their lists agree with the victim's on users the attacker never saw.
#include "analysis/loaded_run.h"
#include "extraction/surrogate.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "recscope/core/store.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace recscope::core {

using namespace detail;

namespace {

constexpr int kAgreementKs[] = {1, 5, 10, 20};

/// The held-out users' known histories (the prefixes both models are asked about, with their
/// real times) and test items.
struct Holdout
{
    Sequences prefixes, times;
    std::vector<std::int64_t> targets;
    ItemLists victim; ///< the victim's top-20 for each prefix
};

double ndcgAt10(const ItemLists &lists, const std::vector<std::int64_t> &targets)
{
    double sum = 0;
    for (std::size_t u = 0; u < lists.size(); ++u) {
        const auto end
            = lists[u].begin() + std::min<std::ptrdiff_t>(10, std::ptrdiff_t(lists[u].size()));
        const auto hit = std::find(lists[u].begin(), end, targets[u]);
        if (hit != end)
            sum += 1.0 / std::log2(double(hit - lists[u].begin()) + 2.0);
    }
    return lists.empty() ? 0.0 : sum / double(lists.size());
}

/// Victim or surrogate lists for the held-out prefixes (and their times), in batches.
template<class ScoreFn>
ItemLists listsOf(const Holdout &holdout, ScoreFn score)
{
    ItemLists out;
    const auto &prefixes = holdout.prefixes;
    for (std::size_t from = 0; from < prefixes.size(); from += 512) {
        const auto first = std::ptrdiff_t(from),
                   last = std::ptrdiff_t(std::min(prefixes.size(), from + 512));
        for (auto &l :
             score(Sequences(prefixes.begin() + first, prefixes.begin() + last),
                   Sequences(holdout.times.begin() + first, holdout.times.begin() + last)))
            out.push_back(std::move(l));
    }
    return out;
}

void measure(ExtractionPoint &point, Surrogate &surrogate, const Holdout &holdout)
{
    const auto lists = listsOf(holdout, [&](const Sequences &part, const Sequences &) {
        return maskedTopK(surrogate.score(part), part, 20);
    });
    for (int k : kAgreementKs) {
        double sum = 0;
        for (std::size_t u = 0; u < lists.size(); ++u) {
            const auto &v = holdout.victim[u];
            std::int64_t shared = 0;
            for (int j = 0; j < k && j < int(lists[u].size()); ++j)
                shared
                    += std::find(v.begin(),
                                 v.begin() + std::min<std::ptrdiff_t>(k, std::ptrdiff_t(v.size())),
                                 lists[u][std::size_t(j)])
                       != v.begin() + std::min<std::ptrdiff_t>(k, std::ptrdiff_t(v.size()));
            sum += double(shared) / k;
        }
        point.agreement[k] = sum / double(std::max<std::size_t>(1, lists.size()));
    }
    point.ndcg = ndcgAt10(lists, holdout.targets);
}

/// The attacker's data: few-shot users' training sequences with their real times.
struct RealData
{
    Sequences items, times;
};

/// The attacker's few-shot users' training sequences, and the held-out users (with a test item)
/// the agreement is measured on, with the victim's lists for them.
std::pair<RealData, Holdout> splitUsers(const LoadedRun &run, const ExtractionConfig &config)
{
    std::mt19937_64 rng(config.seed);
    std::vector<std::int64_t> users;
    for (std::int64_t u = 0; u + 1 < std::int64_t(run.train.sequences.offsets.size()); ++u)
        if (run.train.sequences.count(u) >= 2)
            users.push_back(u);
    std::shuffle(users.begin(), users.end(), rng);
    const auto fewShot = std::max<std::size_t>(1,
                                               std::size_t(std::llround(config.fewShotShare
                                                                        * double(users.size()))));
    if (fewShot >= users.size())
        throw ConfigError("extraction.few_shot_share",
                          "leaves no held-out users to measure agreement on");
    RealData real;
    for (std::size_t j = 0; j < fewShot; ++j) {
        const auto s = run.train.sequences.of(users[j]);
        const auto t = run.train.sequences.timesOf(users[j]);
        real.items.emplace_back(s.begin(), s.end());
        real.times.emplace_back(t.begin(), t.end());
    }
    Holdout holdout;
    for (std::size_t j = fewShot;
         j < users.size() && std::int64_t(holdout.prefixes.size()) < config.evalUsers;
         ++j)
        if (run.testTargets.count(users[j]) > 0) {
            const auto h = run.testHistory.of(users[j]);
            const auto t = run.testHistory.timesOf(users[j]);
            holdout.prefixes.emplace_back(h.begin(), h.end());
            holdout.times.emplace_back(t.begin(), t.end());
            holdout.targets.push_back(run.testTargets.of(users[j]).front());
        }
    BlackBox judge(*run.model,
                   std::int64_t(run.data.numItems()),
                   20); // evaluation only: not the attacker's queries
    holdout.victim = listsOf(holdout, [&](const Sequences &part, const Sequences &times) {
        return judge.topK(part, times);
    });
    return {std::move(real), std::move(holdout)};
}

/// What every surrogate of one extraction shares.
struct Attack
{
    sdk::Model &victim;
    const ExtractionConfig &config;
    std::int64_t numItems;
    const RealData &real;
    const TransitionSampler &sampler;
    const GapSampler &gaps;
    int length; ///< of synthetic sequences
    const Holdout &holdout;
};

/// One surrogate: every real prefix first (the attacker holds them), then, unless the variant is
/// few-shot, synthesis spends the rest of the budget; distilled and measured.
ExtractionPoint
extractOnce(const Attack &a, std::int64_t budget, const std::string &variant, std::stop_token stop)
{
    const auto started = std::chrono::steady_clock::now();
    ExtractionPoint point;
    point.variant = variant;
    point.budget = budget;
    BlackBox box(a.victim, a.numItems, a.config.listLength);
    DistillSet set
        = queryRealSequences(box, a.real.items, a.real.times, budget, a.config.maxLen, stop);
    if (variant != "few-shot") {
        point.gate = listHitRate(set);
        std::mt19937_64 rng(a.config.seed + std::uint64_t(budget));
        set.append(synthesise(box,
                              a.sampler,
                              a.real.items,
                              a.real.times,
                              a.gaps,
                              budget - set.queries,
                              a.length,
                              point.gate,
                              rng,
                              stop));
    }
    point.queries = box.queries();
    point.sequences = std::int64_t(set.sequences.size());
    torch::manual_seed(a.config.seed);
    Surrogate surrogate(a.numItems, a.config);
    surrogate.train(set, variant == "augmented+repair", stop);
    measure(point, surrogate, a.holdout);
    point.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return point;
}

} // namespace

ExtractionReport runExtraction(const Registry &registry,
                               ProjectStore &store,
                               std::int64_t runId,
                               const ExtractionConfig &asked,
                               std::stop_token stop,
                               const AnalysisProgress &progress)
{
    asked.validate();
    const RunRecord record = store.run(runId);
    const auto *info = registry.info(record.model);
    if (!info || !info->sequential || !registry.ranksCatalogue(record.model))
        throw ConfigError("run",
                          "run " + std::to_string(runId) + " (" + record.label
                              + ") is not a sequential ranking model; extraction queries the "
                                "victim with item sequences");
    LoadedRun run;
    run.load(registry, store, runId);
    const auto numItems = std::int64_t(run.data.numItems());
    // A catalogue smaller than the list: the victim lists every item it can (the report says so).
    ExtractionConfig config = asked;
    config.listLength = int(std::min<std::int64_t>(config.listLength, numItems - 1));
    config.repairK = std::min(config.repairK, config.listLength);
    if (config.listLength < 2)
        throw ConfigError("extraction.list_length",
                          "the victim has only " + std::to_string(numItems) + " items");
    const auto [real, holdout] = splitUsers(run, config);
    double meanLength = 0;
    for (const auto &s : real.items)
        meanLength += double(s.size()) / double(real.items.size());
    const TransitionSampler sampler(real.items, numItems);
    const GapSampler gaps(real.times);
    const Attack attack{*run.model,
                        config,
                        numItems,
                        real,
                        sampler,
                        gaps,
                        config.sequenceLength > 0
                            ? config.sequenceLength
                            : std::clamp(int(std::lround(meanLength)), 2, config.maxLen),
                        holdout};

    ExtractionReport report;
    report.runId = runId;
    report.label = run.label;
    report.config = config;
    report.items = numItems;
    report.fewShotUsers = std::int64_t(real.items.size());
    report.evalUsers = std::int64_t(holdout.prefixes.size());
    report.victimNdcg = ndcgAt10(holdout.victim, holdout.targets);
    const auto total = config.budgets.size() * config.variants.size();
    for (auto budget : config.budgets)
        for (const auto &variant : config.variants) {
            report.points.push_back(extractOnce(attack, budget, variant, stop));
            if (progress)
                progress(double(report.points.size()) / double(total),
                         variant + " surrogate at " + std::to_string(budget)
                             + " queries: Agreement@10 "
                             + std::to_string(report.points.back().agreement.at(10)));
        }
    store.addAudit(runId, config.toJson(), report.toJson(), AnalysisKind::Extraction);
    return report;
}

} // namespace recscope::core
