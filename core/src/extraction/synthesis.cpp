// SPDX-License-Identifier: MIT
#include "extraction/synthesis.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <map>

namespace recscope::core::detail {

namespace {

constexpr std::size_t kQueryBatch = 512;

void throwIfStopped(std::stop_token stop)
{
    if (stop.stop_requested())
        throw Cancelled("extraction");
}

} // namespace

void DistillSet::append(DistillSet other)
{
    for (auto &s : other.sequences)
        sequences.push_back(std::move(s));
    for (auto &l : other.labels)
        labels.push_back(std::move(l));
    queries += other.queries;
}

TransitionSampler::TransitionSampler(const Sequences &sequences, std::int64_t numItems)
    : m_numItems(numItems)
    , m_next(std::size_t(numItems))
    , m_popularity(std::size_t(numItems), 0.0)
{
    std::vector<std::map<std::int64_t, double>> counts(static_cast<std::size_t>(numItems));
    for (const auto &s : sequences)
        for (std::size_t t = 0; t < s.size(); ++t) {
            m_popularity[std::size_t(s[t])] += 1;
            m_total += 1;
            if (t + 1 < s.size())
                counts[std::size_t(s[t])][s[t + 1]] += 1;
        }
    for (std::size_t i = 0; i < counts.size(); ++i)
        m_next[i].assign(counts[i].begin(), counts[i].end());
    std::vector<double> pool(m_popularity);
    for (auto &x : pool)
        x += 1;
    m_pool = std::discrete_distribution<std::size_t>(pool.begin(), pool.end());
}

double TransitionSampler::weight(std::int64_t last, std::int64_t j) const
{
    const auto &row = m_next[std::size_t(last)];
    const auto it
        = std::lower_bound(row.begin(),
                           row.end(),
                           std::make_pair(j, 0.0),
                           [](const auto &a, const auto &b) { return a.first < b.first; });
    const double count = it != row.end() && it->first == j ? it->second : 0.0;
    return count + (m_popularity[std::size_t(j)] + 1) / (m_total + double(m_numItems));
}

std::int64_t TransitionSampler::next(std::int64_t last,
                                     const std::vector<std::int64_t> *within,
                                     std::mt19937_64 &rng) const
{
    if (within) {
        std::vector<double> w;
        w.reserve(within->size());
        for (auto j : *within)
            w.push_back(weight(last, j));
        return (*within)[std::discrete_distribution<std::size_t>(w.begin(), w.end())(rng)];
    }
    // The pool: a counted transition with probability Σcount / (Σcount + 1), else by popularity.
    const auto &row = m_next[std::size_t(last)];
    double counted = 0;
    for (const auto &[j, c] : row)
        counted += c;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(rng) * (counted + 1) < counted) {
        std::vector<double> w;
        for (const auto &[j, c] : row)
            w.push_back(c);
        return row[std::discrete_distribution<std::size_t>(w.begin(), w.end())(rng)].first;
    }
    return std::int64_t(m_pool(rng));
}

GapSampler::GapSampler(const Sequences &times)
{
    for (const auto &t : times)
        for (std::size_t k = 1; k < t.size(); ++k)
            m_gaps.push_back(std::max<std::int64_t>(0, t[k] - t[k - 1]));
}

std::int64_t GapSampler::draw(std::mt19937_64 &rng) const
{
    if (m_gaps.empty())
        return 1;
    return m_gaps[std::uniform_int_distribution<std::size_t>(0, m_gaps.size() - 1)(rng)];
}

DistillSet queryRealSequences(BlackBox &box,
                              const Sequences &real,
                              const Sequences &realTimes,
                              std::int64_t budget,
                              int maxLen,
                              std::stop_token stop)
{
    DistillSet out;
    Sequences prefixes, times;
    std::vector<std::pair<std::size_t, std::size_t>> owner; // (sequence, position) of each prefix
    for (std::size_t r = 0; r < real.size(); ++r) {
        const auto &s = real[r];
        const auto len = std::min<std::int64_t>(
            {std::int64_t(s.size()), maxLen, budget - std::int64_t(prefixes.size())});
        if (len <= 0)
            break;
        out.sequences.emplace_back(s.begin(), s.begin() + len);
        out.labels.emplace_back(std::size_t(len));
        for (std::int64_t t = 0; t < len; ++t) {
            prefixes.emplace_back(s.begin(), s.begin() + t + 1);
            times.emplace_back(realTimes[r].begin(), realTimes[r].begin() + t + 1);
            owner.emplace_back(out.sequences.size() - 1, std::size_t(t));
        }
    }
    for (std::size_t from = 0; from < prefixes.size(); from += kQueryBatch) {
        throwIfStopped(stop);
        const auto to = std::min(prefixes.size(), from + kQueryBatch);
        auto lists
            = box.topK({prefixes.begin() + std::ptrdiff_t(from),
                        prefixes.begin() + std::ptrdiff_t(to)},
                       {times.begin() + std::ptrdiff_t(from), times.begin() + std::ptrdiff_t(to)});
        for (std::size_t q = from; q < to; ++q)
            out.labels[owner[q].first][owner[q].second] = std::move(lists[q - from]);
    }
    out.queries = std::int64_t(prefixes.size());
    return out;
}

double listHitRate(const DistillSet &real)
{
    std::int64_t steps = 0, hits = 0;
    for (std::size_t s = 0; s < real.sequences.size(); ++s)
        for (std::size_t t = 0; t + 1 < real.sequences[s].size(); ++t) {
            const auto &list = real.labels[s][t];
            hits += std::find(list.begin(), list.end(), real.sequences[s][t + 1]) != list.end();
            ++steps;
        }
    return steps ? double(hits) / double(steps) : 0.5;
}

DistillSet synthesise(BlackBox &box,
                      const TransitionSampler &sampler,
                      const Sequences &seeds,
                      const Sequences &seedTimes,
                      const GapSampler &gaps,
                      std::int64_t budget,
                      int length,
                      double gate,
                      std::mt19937_64 &rng,
                      std::stop_token stop)
{
    DistillSet out;
    std::uniform_int_distribution<std::size_t> pickSeed(0, seeds.size() - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::mt19937_64 clock(0xC10C4ull + std::uint64_t(budget));
    while (out.queries < budget) {
        // A batch of sequences grown in step: each step asks the victim about every prefix once.
        const auto left = budget - out.queries;
        const auto batch
            = std::min<std::int64_t>(std::int64_t(kQueryBatch), (left + length - 1) / length);
        Sequences seqs(static_cast<std::size_t>(batch)), times(static_cast<std::size_t>(batch));
        std::vector<ItemLists> labels(static_cast<std::size_t>(batch));
        for (std::size_t b = 0; b < seqs.size(); ++b) {
            const auto seed = pickSeed(rng);
            seqs[b].push_back(seeds[seed].front());
            times[b].push_back(seedTimes[seed].front());
        }
        for (int t = 0; t < length && out.queries < budget; ++t) {
            throwIfStopped(stop);
            const auto asked = std::min<std::int64_t>(batch, budget - out.queries);
            auto lists = box.topK({seqs.begin(), seqs.begin() + asked},
                                  {times.begin(), times.begin() + asked});
            out.queries += asked;
            for (std::int64_t b = 0; b < asked; ++b) {
                auto &s = seqs[std::size_t(b)];
                labels[std::size_t(b)].push_back(std::move(lists[std::size_t(b)]));
                if (t + 1 == length)
                    continue;
                const auto &list = labels[std::size_t(b)].back();
                std::int64_t item = unit(rng) < gate ? sampler.next(s.back(), &list, rng)
                                                     : sampler.next(s.back(), nullptr, rng);
                for (int tries = 0; tries < 5 && std::find(s.begin(), s.end(), item) != s.end();
                     ++tries)
                    item = sampler.next(s.back(), nullptr, rng);
                s.push_back(item);
                times[std::size_t(b)].push_back(times[std::size_t(b)].back() + gaps.draw(clock));
            }
        }
        for (std::int64_t b = 0; b < batch; ++b) {
            auto &l = labels[std::size_t(b)];
            if (l.empty())
                continue;
            seqs[std::size_t(b)].resize(l.size()); // a sequence the budget cut short
            out.sequences.push_back(std::move(seqs[std::size_t(b)]));
            out.labels.push_back(std::move(l));
        }
    }
    return out;
}

} // namespace recscope::core::detail
