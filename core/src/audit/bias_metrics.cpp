// SPDX-License-Identifier: MIT
#include "audit/bias_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace recscope::core::detail {

namespace {

bool contains(const std::vector<std::int64_t> &sorted, std::int64_t item)
{
    return std::binary_search(sorted.begin(), sorted.end(), item);
}

/// std/mean of two proportions with numpy's population std (ddof 0).
double relativeStd(double a, double b)
{
    const double mean = 0.5 * (a + b);
    const double sd = std::sqrt(0.5 * ((a - mean) * (a - mean) + (b - mean) * (b - mean)));
    return mean > 0 ? sd / mean : std::numeric_limits<double>::quiet_NaN();
}

/// Σ_j (2j − n − 1) c_(j) over counts sorted ascending (j from 1), and C = Σ c.
std::pair<double, double> giniSums(std::vector<std::int64_t> &counts)
{
    std::sort(counts.begin(), counts.end());
    const double n = double(counts.size());
    double weighted = 0, total = 0;
    for (std::size_t j = 0; j < counts.size(); ++j) {
        weighted += (2.0 * double(j + 1) - n - 1.0) * double(counts[j]);
        total += double(counts[j]);
    }
    return {weighted, total};
}

double percentile(std::vector<double> &v, double q)
{
    std::sort(v.begin(), v.end());
    const auto at = std::min(v.size() - 1, std::size_t(q * double(v.size() - 1) + 0.5));
    return v[at];
}

} // namespace

std::vector<bool> longTail(const std::vector<std::int64_t> &popularity, double headShare)
{
    std::vector<std::size_t> order(popularity.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return popularity[a] > popularity[b];
    });
    const double total
        = double(std::accumulate(popularity.begin(), popularity.end(), std::int64_t(0)));
    std::vector<bool> tail(popularity.size(), true);
    double cumulative = 0;
    for (auto i : order) {
        if (total > 0 && cumulative >= headShare * total)
            break;
        tail[i] = false;
        cumulative += double(popularity[i]);
    }
    return tail;
}

double aplt(const Lists &lists, const std::vector<bool> &isTail)
{
    double sum = 0;
    std::size_t users = 0;
    for (const auto &r : lists) {
        if (r.empty())
            continue;
        sum += double(std::count_if(r.begin(),
                                    r.end(),
                                    [&](std::int64_t i) { return isTail[std::size_t(i)]; }))
               / double(r.size());
        ++users;
    }
    return users ? sum / double(users) : 0.0;
}

double aclt(const Lists &lists, const std::vector<bool> &isTail)
{
    double sum = 0;
    std::size_t users = 0;
    for (const auto &r : lists) {
        if (r.empty())
            continue;
        sum += double(std::count_if(r.begin(), r.end(), [&](std::int64_t i) {
            return isTail[std::size_t(i)];
        }));
        ++users;
    }
    return users ? sum / double(users) : 0.0;
}

double popRsp(const Lists &lists, const Lists &train, const std::vector<bool> &isTail)
{
    std::int64_t tailItems = std::count(isTail.begin(), isTail.end(), true),
                 headItems = std::int64_t(isTail.size()) - tailItems;
    double recHead = 0, recTail = 0, poolHead = 0, poolTail = 0;
    for (std::size_t u = 0; u < lists.size(); ++u) {
        for (auto i : lists[u])
            (isTail[std::size_t(i)] ? recTail : recHead) += 1;
        std::int64_t seenTail = 0;
        for (auto i : train[u])
            seenTail += isTail[std::size_t(i)];
        poolHead += double(headItems - (std::int64_t(train[u].size()) - seenTail));
        poolTail += double(tailItems - seenTail);
    }
    if (poolHead <= 0 || poolTail <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return relativeStd(recHead / poolHead, recTail / poolTail);
}

double
popReo(const Lists &lists, const Lists &test, const Lists &train, const std::vector<bool> &isTail)
{
    double hitHead = 0, hitTail = 0, poolHead = 0, poolTail = 0;
    for (std::size_t u = 0; u < lists.size(); ++u) {
        for (auto i : lists[u])
            if (contains(test[u], i))
                (isTail[std::size_t(i)] ? hitTail : hitHead) += 1;
        for (auto i : test[u])
            if (!contains(train[u], i))
                (isTail[std::size_t(i)] ? poolTail : poolHead) += 1;
    }
    if (poolHead <= 0 || poolTail <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return relativeStd(hitHead / poolHead, hitTail / poolTail);
}

std::vector<std::int64_t> exposureCounts(const Lists &lists, std::size_t items)
{
    std::vector<std::int64_t> counts(items, 0);
    for (const auto &r : lists)
        for (auto i : r)
            ++counts[std::size_t(i)];
    return counts;
}

double giniRecBole(std::vector<std::int64_t> counts)
{
    const auto [weighted, total] = giniSums(counts);
    return total > 0 ? weighted / (double(counts.size()) * total) : 0.0;
}

double giniElliot(std::vector<std::int64_t> counts)
{
    const auto [weighted, total] = giniSums(counts);
    return total > 0 && counts.size() > 1 ? 1.0 - weighted / (double(counts.size() - 1) * total)
                                          : 1.0;
}

void lorenzCurve(std::vector<std::int64_t> counts,
                 std::vector<double> &x,
                 std::vector<double> &y,
                 std::size_t points)
{
    std::sort(counts.begin(), counts.end());
    const double total = double(std::accumulate(counts.begin(), counts.end(), std::int64_t(0)));
    x.assign(1, 0.0);
    y.assign(1, 0.0);
    const std::size_t n = counts.size(),
                      step = std::max<std::size_t>(1, n / std::max<std::size_t>(1, points));
    double cumulative = 0;
    for (std::size_t j = 0; j < n; ++j) {
        cumulative += double(counts[j]);
        if ((j + 1) % step == 0 || j + 1 == n) {
            x.push_back(double(j + 1) / double(n));
            y.push_back(total > 0 ? cumulative / total : 0.0);
        }
    }
}

double calibrationKl(const Lists &lists,
                     const Lists &history,
                     const std::vector<std::vector<std::int32_t>> &itemGenres,
                     std::size_t genres,
                     double alpha)
{
    auto distribution = [&](const std::vector<std::int64_t> &items) {
        std::vector<double> p(genres, 0.0);
        double mass = 0;
        for (auto i : items) {
            const auto &g = itemGenres[std::size_t(i)];
            for (auto k : g)
                p[std::size_t(k)] += 1.0 / double(g.size());
            mass += g.empty() ? 0.0 : 1.0;
        }
        for (auto &v : p)
            v = mass > 0 ? v / mass : 0.0;
        return std::make_pair(p, mass);
    };
    double sum = 0;
    std::size_t users = 0;
    for (std::size_t u = 0; u < lists.size(); ++u) {
        const auto [p, pMass] = distribution(history[u]);
        const auto [q, qMass] = distribution(lists[u]);
        if (pMass == 0 || qMass == 0)
            continue;
        double kl = 0;
        for (std::size_t g = 0; g < genres; ++g)
            if (p[g] > 0)
                kl += p[g] * std::log(p[g] / ((1 - alpha) * q[g] + alpha * p[g]));
        sum += kl;
        ++users;
    }
    return users ? sum / double(users) : 0.0;
}

MeanInterval bootstrapMean(const std::vector<double> &values, int draws, std::mt19937_64 &rng)
{
    MeanInterval out;
    if (values.empty())
        return out;
    out.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
    std::vector<double> means(std::size_t(std::max(1, draws)));
    for (auto &m : means) {
        double s = 0;
        for (std::size_t k = 0; k < values.size(); ++k)
            s += values[pick(rng)];
        m = s / double(values.size());
    }
    out.low = percentile(means, 0.025);
    out.high = percentile(means, 0.975);
    return out;
}

MeanInterval bootstrapGap(const std::vector<double> &a,
                          const std::vector<double> &b,
                          int draws,
                          std::mt19937_64 &rng)
{
    MeanInterval out;
    if (a.empty() || b.empty())
        return out;
    auto mean = [](const std::vector<double> &v) {
        return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    };
    out.mean = mean(a) - mean(b);
    std::uniform_int_distribution<std::size_t> pickA(0, a.size() - 1), pickB(0, b.size() - 1);
    std::vector<double> gaps(std::size_t(std::max(1, draws)));
    for (auto &g : gaps) {
        double sa = 0, sb = 0;
        for (std::size_t k = 0; k < a.size(); ++k)
            sa += a[pickA(rng)];
        for (std::size_t k = 0; k < b.size(); ++k)
            sb += b[pickB(rng)];
        g = sa / double(a.size()) - sb / double(b.size());
    }
    out.low = percentile(gaps, 0.025);
    out.high = percentile(gaps, 0.975);
    return out;
}

} // namespace recscope::core::detail
