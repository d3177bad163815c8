// SPDX-License-Identifier: MIT
#include "ctr/ctr_data.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <unordered_map>

namespace recscope::core::detail {

std::int64_t timeBucket(std::int64_t gapSeconds)
{
    const auto g = std::uint64_t(std::max<std::int64_t>(0, gapSeconds));
    return 1 + std::int64_t(std::bit_width(g + 1) - 1); // ⌊log2(1 + gap)⌋, exact in integers
}

namespace {

enum Part : std::int8_t {
    kUnused = 0,
    kTrain = 1,
    kValid = 2,
    kTest = 3
};

/// Each user's time-ordered rows whose part is train, or (lastPart kValid) train or validation.
UserSequences
visibleRows(const UserSequences &all, const std::vector<std::int8_t> &part, std::int8_t lastPart)
{
    UserSequences out;
    out.offsets.reserve(all.offsets.size());
    out.offsets.push_back(0);
    for (std::size_t u = 0; u + 1 < all.offsets.size(); ++u) {
        for (auto r : all.of(std::int64_t(u)))
            if (part[std::size_t(r)] != kUnused && part[std::size_t(r)] <= lastPart)
                out.rows.push_back(r);
        out.offsets.push_back(std::int64_t(out.rows.size()));
    }
    return out;
}

} // namespace

CtrData::CtrData(const Dataset &data,
                 const Split &split,
                 const CtrConfig &options,
                 std::uint64_t seed)
    : m_data(data)
    , m_options(options)
{
    if (options.maxHistory < 1)
        throw ConfigError("ctr.max_history", "must be at least 1");
    if (options.negatives < 1)
        throw ConfigError("ctr.negatives", "must be at least 1");
    m_shape.numItems = std::int64_t(data.numItems());
    m_shape.maxHistory = options.maxHistory;
    m_category.assign(data.numItems(), 0);
    m_shape.numCategories = std::int64_t(data.itemCategories.vocabulary.size());
    if (!data.itemCategories.empty())
        for (std::size_t i = 0; i < data.numItems(); ++i)
            if (auto t = data.itemCategories.of(std::int64_t(i)); !t.empty())
                m_category[i] = t[0] + 1;

    std::vector<std::int8_t> part(data.numInteractions(), kUnused);
    for (auto r : split.train)
        part[std::size_t(r)] = kTrain;
    for (auto r : split.valid)
        part[std::size_t(r)] = kValid;
    for (auto r : split.test)
        part[std::size_t(r)] = kTest;
    const UserSequences all = buildUserSequences(data);
    m_views[0] = visibleRows(all, part, kTrain);
    m_views[1] = visibleRows(all, part, kValid);

    std::mt19937_64 rng(seed ^ 0xC7A5EEDull);
    FirstSeen firstSeen;
    firstSeen.fill(
        std::vector<std::int64_t>(data.numItems(), std::numeric_limits<std::int64_t>::max()));
    for (std::int64_t u = 0; u < std::int64_t(data.numUsers()); ++u)
        addUserSamples(u, all.of(u), part, firstSeen, rng);
}

void CtrData::addUserSamples(std::int64_t u,
                             std::span<const std::int64_t> rows,
                             const std::vector<std::int8_t> &part,
                             FirstSeen &firstSeen,
                             std::mt19937_64 &rng)
{
    constexpr auto kNever = std::numeric_limits<std::int64_t>::max();
    const auto n = std::int64_t(rows.size());
    // Per position j of the time-ordered rows and view v: how many rows of the view precede j (the
    // sample's history end) and how many distinct items they hold; firstSeen[v][i]: the first
    // position of item i among the view's rows. A sample sees only its view, negatives included.
    std::vector<std::int64_t> before[2], distinct[2];
    for (int v = 0; v < 2; ++v) {
        before[v].resize(std::size_t(n));
        distinct[v].resize(std::size_t(n));
    }
    std::int64_t seen[2] = {0, 0}, touched[2] = {0, 0};
    for (std::int64_t j = 0; j < n; ++j) {
        const auto row = std::size_t(rows[std::size_t(j)]);
        for (int v = 0; v < 2; ++v) {
            before[v][std::size_t(j)] = seen[v];
            distinct[v][std::size_t(j)] = touched[v];
            if (part[row] == kTrain || (v == 1 && part[row] == kValid)) {
                ++seen[v];
                if (auto &first = firstSeen[std::size_t(v)][std::size_t(m_data.item[row])];
                    first == kNever) {
                    first = j;
                    ++touched[v];
                }
            }
        }
    }
    std::uniform_int_distribution<std::int64_t> anyItem(0, m_shape.numItems - 1);
    std::int64_t trainLeft = m_options.trainTargetsPerUser > 0 ? m_options.trainTargetsPerUser : n;
    for (std::int64_t j = n - 1; j >= 0;
         --j) { // latest first: trainTargetsPerUser keeps the latest
        const auto row = rows[std::size_t(j)];
        const auto p = part[std::size_t(row)];
        const std::int8_t view = p == kTest ? 1 : 0;
        const auto &first = firstSeen[std::size_t(view)];
        const std::int64_t target = m_data.item[std::size_t(row)],
                           end = before[std::size_t(view)][std::size_t(j)];
        // Known before the target: the view's earlier items, and the target itself.
        const std::int64_t known = distinct[std::size_t(view)][std::size_t(j)]
                                   + (first[std::size_t(target)] < j ? 0 : 1);
        if (p == kUnused || end < 1
            || known >= m_shape.numItems) // no history, or no item left to be a non-click
            continue;
        std::vector<CtrSample> &out = p == kTrain ? train : p == kValid ? valid : test;
        if (p == kTrain && trainLeft-- <= 0)
            continue;
        out.push_back({u, end, row, target, 1.0f, view});
        for (int k = 0; k < m_options.negatives; ++k) {
            std::int64_t neg = anyItem(rng);
            while (neg == target || first[std::size_t(neg)] < j)
                neg = anyItem(rng);
            out.push_back({u, end, row, neg, 0.0f, view});
        }
    }
    for (auto &view : firstSeen)
        for (auto r : rows)
            view[std::size_t(m_data.item[std::size_t(r)])] = kNever;
}

std::span<const std::int64_t> CtrData::history(const CtrSample &s) const
{
    const auto rows = m_views[std::size_t(s.view)].of(s.user);
    const auto len = historyLength(s);
    return rows.subspan(std::size_t(s.end - len), std::size_t(len));
}

std::vector<std::int64_t> CtrData::historyRows(const CtrSample &s) const
{
    const auto rows = history(s);
    return {rows.begin(), rows.end()};
}

sdk::CtrBatch CtrData::batch(std::span<const CtrSample> samples) const
{
    const auto b = std::int64_t(samples.size()), t = m_options.maxHistory;
    std::vector<std::int64_t> hist(std::size_t(b * t), 0), cats(std::size_t(b * t), 0),
        gaps(std::size_t(b * t), 0);
    const auto rowsOut = std::size_t(b);
    std::vector<std::int64_t> target(rowsOut), targetCat(rowsOut);
    std::vector<float> labels(rowsOut);
    for (std::int64_t k = 0; k < b; ++k) {
        const auto &s = samples[std::size_t(k)];
        const auto rows = history(s);
        const auto len = std::int64_t(rows.size());
        const auto now = targetTime(s);
        for (std::int64_t p = 0; p < len; ++p) {
            const auto row = std::size_t(rows[std::size_t(p)]);
            const auto slot = std::size_t(k * t + t - len + p);
            hist[slot] = m_data.item[row] + 1;
            cats[slot] = m_category[std::size_t(m_data.item[row])];
            gaps[slot] = timeBucket(now - m_data.time[row]);
        }
        target[std::size_t(k)] = s.item + 1;
        targetCat[std::size_t(k)] = m_category[std::size_t(s.item)];
        labels[std::size_t(k)] = s.label;
    }
    const auto dev = m_shape.device;
    auto asTensor = [&](std::vector<std::int64_t> &v, std::initializer_list<std::int64_t> dims) {
        return torch::from_blob(v.data(), torch::IntArrayRef(dims), torch::kInt64)
            .to(dev, /*non_blocking=*/false, /*copy=*/true);
    };
    sdk::CtrBatch out;
    out.history = asTensor(hist, {b, t});
    out.categories = asTensor(cats, {b, t});
    out.timeBuckets = asTensor(gaps, {b, t});
    out.target = asTensor(target, {b});
    out.targetCategory = asTensor(targetCat, {b});
    out.labels = torch::from_blob(labels.data(), {b}, torch::kFloat32).to(dev, false, true);
    return out;
}

torch::Tensor CtrData::relevance(std::span<const CtrSample> samples) const
{
    const auto b = std::int64_t(samples.size()), t = m_options.maxHistory;
    auto out = torch::zeros({b, t}, torch::kBool);
    auto a = out.accessor<bool, 2>();
    for (std::int64_t k = 0; k < b; ++k) {
        const auto &s = samples[std::size_t(k)];
        const auto want = m_category[std::size_t(s.item)];
        if (want == 0)
            continue;
        const auto rows = history(s);
        const auto len = std::int64_t(rows.size());
        for (std::int64_t p = std::max<std::int64_t>(0, len - m_options.relevanceWindow); p < len;
             ++p)
            a[k][t - len + p]
                = m_category[std::size_t(m_data.item[std::size_t(rows[std::size_t(p)])])] == want;
    }
    return out;
}

namespace {

/// Recency bucket of a slot `distance` behaviours before the target (0 = the latest).
std::int64_t recencyBucket(std::int64_t distance)
{
    return std::int64_t(std::bit_width(std::uint64_t(distance) + 1) - 1);
}

} // namespace

struct CtrData::Correlation
{
    std::int64_t categories = 0; ///< vocabulary size + 1 (0 = none)
    std::unordered_map<std::uint64_t, std::array<double, 2>> slots; ///< (cₜ, c, r) → n₀, n₁
    std::unordered_map<std::int64_t, std::array<double, 2>> samples; ///< cₜ → N₀, N₁

    std::uint64_t key(std::int64_t target, std::int64_t cat, std::int64_t bucket) const
    {
        return (std::uint64_t(target) * std::uint64_t(categories) + std::uint64_t(cat)) * 64u
               + std::uint64_t(bucket);
    }
    float gain(std::int64_t target, std::int64_t cat, std::int64_t bucket) const
    {
        const auto n = samples.find(target);
        if (n == samples.end())
            return 0;
        const auto it = slots.find(key(target, cat, bucket));
        const std::array<double, 2> c
            = it == slots.end() ? std::array<double, 2>{0, 0} : it->second;
        const double pmi
            = std::log((c[1] + 1) / (n->second[1] + 1)) - std::log((c[0] + 1) / (n->second[0] + 1));
        return float(std::max(0.0, pmi));
    }
};

const CtrData::Correlation &CtrData::correlationTable() const
{
    if (m_correlation)
        return *m_correlation;
    auto table = std::make_shared<Correlation>();
    table->categories = m_shape.numCategories + 1;
    // An even stride over the training samples keeps the estimate cheap on big datasets.
    constexpr std::size_t kMaxSamples = 20000;
    const std::size_t stride = std::max<std::size_t>(1, train.size() / kMaxSamples);
    for (std::size_t i = 0; i < train.size(); i += stride) {
        const auto &s = train[i];
        const auto target = m_category[std::size_t(s.item)];
        const int y = s.label > 0.5f ? 1 : 0;
        table->samples[target][std::size_t(y)] += 1;
        const auto rows = history(s);
        const auto len = std::int64_t(rows.size());
        for (std::int64_t p = 0; p < len; ++p) {
            const auto cat
                = m_category[std::size_t(m_data.item[std::size_t(rows[std::size_t(p)])])];
            table->slots[table->key(target, cat, recencyBucket(len - 1 - p))][std::size_t(y)] += 1;
        }
    }
    m_correlation = std::move(table);
    return *m_correlation;
}

torch::Tensor CtrData::correlation(std::span<const CtrSample> samples) const
{
    const auto &table = correlationTable();
    const auto b = std::int64_t(samples.size()), t = m_options.maxHistory;
    auto out = torch::zeros({b, t}, torch::kFloat32);
    auto a = out.accessor<float, 2>();
    for (std::int64_t k = 0; k < b; ++k) {
        const auto &s = samples[std::size_t(k)];
        const auto target = m_category[std::size_t(s.item)];
        const auto rows = history(s);
        const auto len = std::int64_t(rows.size());
        for (std::int64_t p = 0; p < len; ++p) {
            const auto cat
                = m_category[std::size_t(m_data.item[std::size_t(rows[std::size_t(p)])])];
            a[k][t - len + p] = table.gain(target, cat, recencyBucket(len - 1 - p));
        }
    }
    return out;
}

} // namespace recscope::core::detail
