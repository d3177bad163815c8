// SPDX-License-Identifier: MIT
#include "recscope/core/attack.h"

#include "attack/optimised_attack.h"
#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>

namespace recscope::core {

namespace {

/// Training interactions per item.
std::vector<std::int64_t> trainPopularity(const Dataset &data, const Split &split)
{
    std::vector<std::int64_t> pop(data.numItems(), 0);
    for (auto r : split.train)
        ++pop[std::size_t(data.item[std::size_t(r)])];
    return pop;
}

/// Targets: random items from one third of the items ranked by training popularity.
std::vector<std::int64_t>
pickTargets(const std::vector<std::int64_t> &pop, const AttackConfig &c, std::mt19937_64 &rng)
{
    std::vector<std::int64_t> order(pop.size());
    std::iota(order.begin(), order.end(), std::int64_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        return pop[std::size_t(a)] > pop[std::size_t(b)];
    });
    const std::size_t third = std::max<std::size_t>(1, order.size() / 3);
    const std::size_t from = c.targetBand == "head"  ? 0
                             : c.targetBand == "mid" ? third
                                                     : std::min(order.size() - 1, 2 * third);
    const std::size_t to
        = c.targetBand == "tail" ? order.size() : std::min(order.size(), from + third);
    std::vector<std::int64_t> band(order.begin() + std::ptrdiff_t(from),
                                   order.begin() + std::ptrdiff_t(to));
    std::shuffle(band.begin(), band.end(), rng);
    band.resize(std::min<std::size_t>(band.size(), std::size_t(c.targets)));
    std::sort(band.begin(), band.end());
    return band;
}

/// One fake profile's fillers (distinct, never a target).
std::vector<std::int64_t> fillers(const AttackConfig &c,
                                  std::size_t count,
                                  const std::vector<std::int64_t> &popular,
                                  const std::vector<std::int64_t> &rest,
                                  const std::vector<std::int64_t> &pop,
                                  const std::set<std::int64_t> &targets,
                                  std::mt19937_64 &rng)
{
    std::set<std::int64_t> chosen;
    std::discrete_distribution<std::int64_t> byPopularity(pop.begin(), pop.end());
    auto draw = [&](const std::vector<std::int64_t> &from) {
        return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
    };
    const std::size_t items = pop.size();
    for (int guard = 0; chosen.size() < count && guard < int(count) * 50; ++guard) {
        std::int64_t i;
        if (c.kind == "popular" || (c.kind == "bandwagon" && chosen.size() < count / 2))
            i = draw(popular);
        else if (c.kind == "bandwagon")
            i = draw(rest);
        else if (c.kind == "average")
            i = byPopularity(rng);
        else
            i = std::uniform_int_distribution<std::int64_t>(0, std::int64_t(items) - 1)(rng);
        if (!targets.count(i))
            chosen.insert(i);
    }
    return {chosen.begin(), chosen.end()};
}

} // namespace

AttackPlan applyAttack(Dataset &data, Split &split, const AttackConfig &c)
{
    c.validate();
    std::mt19937_64 rng(c.seed);
    AttackPlan plan;
    plan.realUsers = std::int64_t(data.numUsers());
    const auto pop = trainPopularity(data, split);
    plan.targets = pickTargets(pop, c, rng);
    if (c.kind == "none" || c.fakeUserShare <= 0)
        return plan;
    std::vector<std::int64_t> order(pop.size());
    std::iota(order.begin(), order.end(), std::int64_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        return pop[std::size_t(a)] > pop[std::size_t(b)];
    });
    const std::size_t top = std::max<std::size_t>(1, order.size() / 10); // top_rate 0.1
    const std::vector<std::int64_t> popular(order.begin(), order.begin() + std::ptrdiff_t(top)),
        rest(order.begin() + std::ptrdiff_t(top), order.end());
    const std::set<std::int64_t> targets(plan.targets.begin(), plan.targets.end());
    const std::size_t length
        = c.profileLength > 0
              ? std::size_t(c.profileLength)
              : std::max<std::size_t>(targets.size() + 1,
                                      split.train.size()
                                          / std::max<std::size_t>(1, data.numUsers()));
    plan.fakeUsers
        = std::max<std::int64_t>(1, std::llround(c.fakeUserShare * double(plan.realUsers)));
    const std::size_t fillerCount = length > targets.size() ? length - targets.size() : 0;
    const auto optimised = c.kind == "dp" ? detail::optimisedFillers(data,
                                                                     split,
                                                                     plan.targets,
                                                                     plan.fakeUsers,
                                                                     fillerCount,
                                                                     c.seed)
                                          : std::vector<std::vector<std::int64_t>>{};
    const std::int64_t t0
        = data.time.empty() ? 0 : *std::max_element(data.time.begin(), data.time.end());
    for (std::int64_t f = 0; f < plan.fakeUsers; ++f) {
        const auto u = std::int32_t(data.numUsers());
        data.userIds.push_back("fake" + std::to_string(f));
        auto profile = c.kind == "dp" ? optimised[std::size_t(f)]
                                      : fillers(c, fillerCount, popular, rest, pop, targets, rng);
        profile.insert(profile.end(), plan.targets.begin(), plan.targets.end());
        std::shuffle(profile.begin(), profile.end(), rng);
        for (std::size_t k = 0; k < profile.size(); ++k) {
            split.train.push_back(std::int64_t(data.user.size()));
            data.user.push_back(u);
            data.item.push_back(std::int32_t(profile[k]));
            data.time.push_back(t0
                                + std::int64_t(k)); // rows of a fake user stay grouped and in order
            data.value.push_back(data.hasRating ? 5.0f : 1.0f);
            if (!data.feedback.empty())
                data.feedback.push_back(0);
            if (!data.part.empty())
                data.part.push_back(0); // a fake row trains, as the split says
        }
    }
    for (auto &col : data.userAttributes) { // fake users have no attributes
        if (col.numeric)
            col.numbers.resize(data.numUsers(), std::nanf(""));
        else
            col.codes.resize(data.numUsers(), -1);
    }
    return plan;
}

double targetHitRate(const std::vector<std::vector<std::int64_t>> &ranksPerTarget, int k)
{
    double sum = 0;
    for (const auto &ranks : ranksPerTarget)
        sum += ranks.empty()
                   ? 0.0
                   : double(std::count_if(ranks.begin(), ranks.end(), [&](std::int64_t r) {
                         return r <= k;
                     })) / double(ranks.size());
    return ranksPerTarget.empty() ? 0.0 : sum / double(ranksPerTarget.size());
}

double targetNdcg(const std::vector<std::vector<std::int64_t>> &ranksPerTarget, int k)
{
    double sum = 0;
    for (const auto &ranks : ranksPerTarget) {
        double s = 0;
        for (auto r : ranks)
            s += r <= k ? 1.0 / std::log2(double(r) + 1.0) : 0.0;
        sum += ranks.empty() ? 0.0 : s / double(ranks.size());
    }
    return ranksPerTarget.empty() ? 0.0 : sum / double(ranksPerTarget.size());
}

} // namespace recscope::core
