// SPDX-License-Identifier: MIT
#include "sae/concept_builder.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace recscope::core::detail {

namespace {

enum class Kind {
    LastGenre,
    RecentGenre,
    Streak,
    PrevThenLast,
    RecGenre,
    LastThenRec,
    LastItem,
    RecItem
};
constexpr const char *kKindNames[] = {"last_genre",
                                      "recent_genre",
                                      "streak",
                                      "prev_then_last",
                                      "rec_genre",
                                      "last_then_rec",
                                      "last_item",
                                      "rec_item"};

struct Predicate
{
    Kind kind = Kind::LastGenre;
    std::int64_t a = -1, b = -1;
    std::uint64_t key() const
    {
        return (std::uint64_t(kind) << 60) | (std::uint64_t(a + 1) << 30) | std::uint64_t(b + 1);
    }
};

bool holds(const Predicate &p, const SequenceFeatures &f, std::size_t s)
{
    switch (p.kind) {
    case Kind::LastGenre:
        return f.lastGenre[s] == p.a;
    case Kind::RecentGenre:
        return f.recentGenre[s] == p.a;
    case Kind::Streak:
        return f.streakGenre[s] == p.a;
    case Kind::PrevThenLast:
        return f.prevGenre[s] == p.a && f.lastGenre[s] == p.b;
    case Kind::RecGenre:
        return f.recGenre[s] == p.a;
    case Kind::LastThenRec:
        return f.lastGenre[s] == p.a && f.recGenre[s] == p.b;
    case Kind::LastItem:
        return f.lastItem[s] == p.a;
    case Kind::RecItem:
        return f.recItem[s] == p.a;
    }
    return false;
}

/// Every predicate that holds for sequence s, simplest kinds first.
std::vector<Predicate> predicatesOf(const SequenceFeatures &f, std::size_t s)
{
    std::vector<Predicate> out;
    auto add = [&](Kind k, std::int64_t a, std::int64_t b = -1) {
        if (a >= 0 && (b >= 0 || (k != Kind::PrevThenLast && k != Kind::LastThenRec)))
            out.push_back({k, a, b});
    };
    add(Kind::LastGenre, f.lastGenre[s]);
    add(Kind::RecentGenre, f.recentGenre[s]);
    add(Kind::Streak, f.streakGenre[s]);
    add(Kind::PrevThenLast, f.prevGenre[s], f.lastGenre[s]);
    add(Kind::RecGenre, f.recGenre[s]);
    add(Kind::LastThenRec, f.lastGenre[s], f.recGenre[s]);
    add(Kind::LastItem, f.lastItem[s]);
    add(Kind::RecItem, f.recItem[s]);
    return out;
}

/// Share of all probed sequences each predicate holds for.
class BaseRates
{
public:
    BaseRates(const SequenceFeatures &f, std::size_t n)
        : m_n(double(std::max<std::size_t>(1, n)))
    {
        for (std::size_t s = 0; s < n; ++s)
            for (const auto &p : predicatesOf(f, s))
                ++m_count[p.key()];
    }
    double rate(const Predicate &p) const
    {
        const auto it = m_count.find(p.key());
        return it == m_count.end() ? 0.0 : double(it->second) / m_n;
    }

private:
    double m_n;
    std::unordered_map<std::uint64_t, std::int64_t> m_count;
};

/// Users fall in the describe half or the verify half by a hash of (user, seed).
bool describeHalf(std::int64_t user, std::uint64_t seed)
{
    std::uint64_t x = std::uint64_t(user) + seed * 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return ((x ^ (x >> 31)) & 1u) == 0;
}

struct Active
{
    float value;
    std::uint32_t seq;
};

struct Examples
{
    std::vector<std::size_t> describe, verify, random;
};

bool isActive(const ProbeCodes &codes, std::size_t s, int latent)
{
    for (std::int64_t slot = 0; slot < codes.k; ++slot) {
        const auto i = s * std::size_t(codes.k) + std::size_t(slot);
        if (codes.latent[i] == latent && codes.value[i] > 0)
            return true;
    }
    return false;
}

/// Top sequences (one per user, level ≥ 5) of each half, and random off sequences of the
/// verify half. active is sorted by value, highest first.
Examples pickExamples(const std::vector<Active> &active,
                      float level5,
                      const ProbeSet &set,
                      const ProbeCodes &codes,
                      int latent,
                      const SaeConfig &config)
{
    Examples ex;
    std::unordered_set<std::int64_t> usedUsers;
    for (const auto &a : active) {
        if (a.value < level5)
            break;
        const auto user = set.user[a.seq];
        if (!usedUsers.insert(user).second)
            continue;
        auto &list = describeHalf(user, config.seed) ? ex.describe : ex.verify;
        const auto cap
            = std::size_t(&list == &ex.describe ? config.describeExamples : config.verifyExamples);
        if (list.size() < cap)
            list.push_back(a.seq);
    }
    std::mt19937_64 rng(config.seed * 1315423911ull + std::uint64_t(latent));
    std::uniform_int_distribution<std::size_t> any(0, set.size() - 1);
    usedUsers.clear();
    for (int tries = 0;
         tries < 100 * config.randomExamples && int(ex.random.size()) < config.randomExamples;
         ++tries) {
        const auto s = any(rng);
        const auto user = set.user[s];
        if (!describeHalf(user, config.seed) && !isActive(codes, s, latent)
            && usedUsers.insert(user).second)
            ex.random.push_back(s);
    }
    return ex;
}

/// The predicate whose share among the describe examples most exceeds its base rate; kind
/// "none" when none holds for at least half of them.
std::optional<Predicate>
describe(const std::vector<std::size_t> &examples, const SequenceFeatures &f, const BaseRates &base)
{
    std::unordered_map<std::uint64_t, std::pair<Predicate, int>> seen;
    std::vector<std::uint64_t> order;
    for (auto s : examples)
        for (const auto &p : predicatesOf(f, s)) {
            auto [it, fresh] = seen.try_emplace(p.key(), p, 0);
            if (fresh)
                order.push_back(p.key());
            ++it->second.second;
        }
    std::sort(order.begin(),
              order.end()); // by kind, simplest first, then ids: ties go to the simpler
    std::optional<Predicate> best;
    double bestScore = 0;
    for (auto key : order) {
        const auto &[p, count] = seen[key];
        const double share = double(count) / double(examples.size());
        const double score = share - base.rate(p);
        if (share >= 0.5 && score > bestScore + 1e-12) {
            best = p;
            bestScore = score;
        }
    }
    return best;
}

std::string genreName(const ConceptNames &names, std::int64_t g)
{
    return g >= 0 && std::size_t(g) < names.genres.size() ? names.genres[std::size_t(g)]
                                                          : "genre " + std::to_string(g);
}

std::string labelOf(const Predicate &p, const ConceptNames &names)
{
    const auto a = genreName(names, p.a), b = genreName(names, p.b);
    std::string out;
    switch (p.kind) {
    case Kind::LastGenre:
        out = "last item " + a;
        break;
    case Kind::RecentGenre:
        out = "mostly " + a + " lately (3 of the last 5)";
        break;
    case Kind::Streak:
        out = "3 " + a + " in a row";
        break;
    case Kind::PrevThenLast:
        out = a + ", then " + b;
        break;
    case Kind::RecGenre:
        out = "recommends " + a;
        break;
    case Kind::LastThenRec:
        out = "after " + a + ", recommends " + b;
        break;
    case Kind::LastItem:
        out = "last item " + names.item(p.a);
        break;
    case Kind::RecItem:
        out = "recommends " + names.item(p.a);
        break;
    }
    return out;
}

/// Per genre, the share of the given sequences whose feature is that genre.
std::vector<double> genreShares(const std::vector<std::int64_t> &feature,
                                const std::vector<std::size_t> &seqs,
                                std::size_t genres)
{
    std::vector<double> out(genres, 0.0);
    for (auto s : seqs)
        if (feature[s] >= 0 && std::size_t(feature[s]) < genres)
            out[std::size_t(feature[s])] += 1.0 / double(seqs.size());
    return out;
}

/// The recommended genre over-represented among the top examples (share ≥ 0.4 and ≥ 0.25 above
/// its overall share), or -1.
std::int64_t recommendedGenre(const std::vector<std::size_t> &top,
                              const SequenceFeatures &f,
                              const std::vector<double> &recShareAll)
{
    if (top.empty())
        return -1;
    const auto share = genreShares(f.recGenre, top, recShareAll.size());
    std::int64_t best = -1;
    double bestLift = 0.25;
    for (std::size_t g = 0; g < share.size(); ++g)
        if (share[g] >= 0.4 && share[g] - recShareAll[g] >= bestLift) {
            best = std::int64_t(g);
            bestLift = share[g] - recShareAll[g];
        }
    return best;
}

/// Count, mean, max, 20-bin histogram of where the latent is active.
void describeActivations(const std::vector<Active> &active, std::size_t total, Concept &c)
{
    c.frequency = double(active.size()) / double(std::max<std::size_t>(1, total));
    if (active.empty())
        return;
    double sum = 0;
    for (const auto &a : active)
        sum += a.value;
    c.meanActivation = sum / double(active.size());
    c.maxActivation = active.front().value;
    constexpr int kBins = 20;
    c.histogramCounts.assign(kBins, 0.0);
    for (int b = 0; b <= kBins; ++b)
        c.histogramEdges.push_back(c.maxActivation * b / kBins);
    for (const auto &a : active)
        c.histogramCounts[std::size_t(
            std::min(kBins - 1, int(kBins * a.value / std::max(c.maxActivation, 1e-12))))]
            += 1;
}

/// Names a concept from its describe examples and scores it on the held-out ones.
void labelAndVerify(Concept &c,
                    const Examples &ex,
                    const SequenceFeatures &features,
                    const BaseRates &base,
                    const ConceptNames &names)
{
    const auto p = ex.describe.empty() ? std::nullopt : describe(ex.describe, features, base);
    if (!p)
        return;
    c.kind = kKindNames[int(p->kind)];
    c.subject = p->a;
    c.object = p->b;
    c.label = labelOf(*p, names);
    const bool aboutRecommendation
        = p->kind == Kind::RecGenre || p->kind == Kind::LastThenRec || p->kind == Kind::RecItem;
    if (!aboutRecommendation && c.recGenre >= 0)
        c.label += " → recommends " + genreName(names, c.recGenre);
    int recallHits = 0, precisionHits = 0;
    for (auto s : ex.verify)
        recallHits += holds(*p, features, s);
    for (auto s : ex.random)
        precisionHits += !holds(*p, features, s);
    c.recall = ex.verify.empty() ? 0.0 : double(recallHits) / double(ex.verify.size());
    c.precision = ex.random.empty() ? 0.0 : double(precisionHits) / double(ex.random.size());
    // No held-out top example means no evidence: confidence stays 0.
    c.confidence = ex.verify.empty() ? 0.0
                                     : double(recallHits + precisionHits)
                                           / double(ex.verify.size() + ex.random.size());
}

/// Level ≥ 5 of 10 global quantile bins = at least the 40th percentile of positive activations.
float levelFive(std::vector<float> positive)
{
    if (positive.empty())
        return 0;
    auto at = positive.begin() + std::ptrdiff_t(positive.size() * 4 / 10);
    std::nth_element(positive.begin(), at, positive.end());
    return *at;
}

} // namespace

std::vector<Concept> buildConcepts(const ProbeSet &set,
                                   const ProbeCodes &codes,
                                   const SequenceFeatures &features,
                                   const SaeConfig &config,
                                   const ConceptNames &names)
{
    const std::size_t n = set.size(), genres = names.genres.size();
    std::vector<std::vector<Active>> active(std::size_t(codes.latents));
    std::vector<float> positive;
    for (std::size_t i = 0; i < codes.value.size(); ++i)
        if (codes.value[i] > 0) {
            active[std::size_t(codes.latent[i])].push_back(
                {codes.value[i], std::uint32_t(i / std::size_t(codes.k))});
            positive.push_back(codes.value[i]);
        }
    const float level5 = levelFive(std::move(positive));
    const BaseRates base(features, n);
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), std::size_t(0));
    const auto lastShareAll = genreShares(features.lastGenre, all, genres);
    const auto recShareAll = genreShares(features.recGenre, all, genres);
    std::vector<Concept> out;
    for (int j = 0; j < int(codes.latents); ++j) {
        auto &act = active[std::size_t(j)];
        std::sort(act.begin(), act.end(), [](const Active &x, const Active &y) {
            return x.value > y.value;
        });
        Concept c;
        c.latent = j;
        c.label = act.empty() ? "dead latent" : "no shared pattern";
        describeActivations(act, n, c);
        const Examples ex = pickExamples(act, level5, set, codes, j, config);
        c.recGenre = recommendedGenre(ex.describe, features, recShareAll);
        labelAndVerify(c, ex, features, base, names);
        std::vector<std::size_t> topSeqs = ex.describe;
        topSeqs.insert(topSeqs.end(), ex.verify.begin(), ex.verify.end());
        c.genreShareTop = genreShares(features.lastGenre, topSeqs, genres);
        c.genreShareAll = lastShareAll;
        std::unordered_set<std::int64_t> users;
        for (const auto &a : act) {
            if (c.top.size() >= 20)
                break;
            if (users.insert(set.user[a.seq]).second)
                c.top.push_back({set.user[a.seq], set.end[a.seq], codes.topItem[a.seq], a.value});
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace recscope::core::detail
