// SPDX-License-Identifier: MIT
// The seeded synthetic generator: every structure it plants is listed in the README
// ("Synthetic data") with the knob that controls it.
#include "recscope/core/synthetic.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace recscope::core {

namespace {

using Rng = std::mt19937_64;

std::vector<double> dirichlet(Rng &rng, int k, double alpha)
{
    std::gamma_distribution<double> gamma(alpha, 1.0);
    std::vector<double> v(k);
    double sum = 0;
    for (auto &x : v)
        sum += (x = gamma(rng) + 1e-12);
    for (auto &x : v)
        x /= sum;
    return v;
}

// Mixes a taste vector toward one half of the genres: group 1 → first half, group 0 → second.
void tilt(std::vector<double> &taste, int group, double strength)
{
    const int g = int(taste.size()), half = std::max(1, g / 2);
    const int from = group == 1 ? 0 : half, to = group == 1 ? half : g;
    for (int k = 0; k < g; ++k)
        taste[k]
            = (1 - strength) * taste[k] + ((k >= from && k < to) ? strength / (to - from) : 0.0);
}

int sampleIndex(Rng &rng, const std::vector<double> &cumulative)
{
    std::uniform_real_distribution<double> u(0.0, cumulative.back());
    return int(std::upper_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin());
}

void checkConfig(const SyntheticConfig &c)
{
    auto require = [](bool ok, const char *name, const char *what) {
        if (!ok)
            throw ConfigError(std::string("dataset.synthetic.") + name, what);
    };
    require(c.users >= 1, "users", "must be at least 1");
    require(c.items >= c.genres && c.items >= 2,
            "items",
            "must be at least the number of genres and at least 2");
    require(c.genres >= 2 && c.genres <= 1000, "genres", "must be in [2, 1000]");
    require(c.meanLength >= 5, "meanLength", "must be at least 5");
    require(c.transitionProbability >= 0 && c.stayProbability >= 0
                && c.transitionProbability + c.stayProbability <= 1,
            "transitionProbability",
            "transition and stay probabilities must be >= 0 and sum to at most 1");
    require(c.attributeGenreCorrelation >= 0 && c.attributeGenreCorrelation <= 1,
            "attributeGenreCorrelation",
            "must be in [0, 1]");
    require(c.drift >= 0 && c.drift <= 1, "drift", "must be in [0, 1]");
    require(c.aiShare >= 0 && c.aiShare <= 1, "aiShare", "must be in [0, 1]");
    require(c.genreConcentration > 0, "genreConcentration", "must be > 0");
    require(c.contentDim >= 0 && c.contentDim <= 4096, "contentDim", "must be in [0, 4096]");
    require(c.personalStrength >= 0 && c.personalStrength <= 20,
            "personalStrength",
            "must be in [0, 20]");
    require(c.latentDim >= 1 && c.latentDim <= 256, "latentDim", "must be in [1, 256]");
}

std::string genreName(int g)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "genre%02d", g);
    return buf;
}

} // namespace

const ConfigFields<SyntheticConfig> &SyntheticConfig::fields()
{
    using C = SyntheticConfig;
    static const ConfigFields<C> list{
        {"seed", &C::seed, "random seed: the same seed and knobs give the same data"},
        {"users", &C::users, "number of users"},
        {"items", &C::items, "number of items"},
        {"mean_length",
         &C::meanLength,
         "mean interactions per user (shifted geometric, at least 5)"},
        {"genres", &C::genres, "item clusters; each item has one primary genre"},
        {"secondary_genre", &C::secondaryGenre, "chance an item also carries a second genre"},
        {"popularity_exponent",
         &C::popularityExponent,
         "Zipf exponent of popularity within a genre"},
        {"genre_concentration",
         &C::genreConcentration,
         "Dirichlet alpha of a user's genre taste (small = focused)"},
        {"personal_strength",
         &C::personalStrength,
         "weight of personal taste inside a genre (the low-rank part)"},
        {"latent_dim", &C::latentDim, "size of the users' and items' taste vectors"},
        {"attribute_genre_correlation",
         &C::attributeGenreCorrelation,
         "tilt of group 1's taste toward the first half of the genres"},
        {"group1_share", &C::group1Share, "share of users in group 1"},
        {"transition_probability",
         &C::transitionProbability,
         "chance the next genre is the current one's successor in a fixed cycle"},
        {"stay_probability", &C::stayProbability, "chance the next item keeps the genre"},
        {"drift", &C::drift, "how far taste moves over a user's timeline"},
        {"ai_share", &C::aiShare, "share of items whose source is AI-generated"},
        {"content_dim", &C::contentDim, "content vector size"},
        {"source_style",
         &C::sourceStyle,
         "length of the style offset between AI and human content"},
        {"cart_rate", &C::cartRate, "P(cart | click)"},
        {"purchase_rate", &C::purchaseRate, "P(purchase | cart)"},
    };
    return list;
}

SyntheticResult generateSynthetic(const SyntheticConfig &c)
{
    checkConfig(c);
    Rng rng(c.seed);
    SyntheticResult res;
    Dataset &d = res.data;
    SyntheticTruth &truth = res.truth;
    d.name = "synthetic";
    d.source = "synthetic(seed=" + std::to_string(c.seed) + ")";
    d.hasTime = true;
    const int G = c.genres;

    // Items: a primary genre each, Zipf popularity by a random rank inside the genre.
    std::uniform_int_distribution<int> anyGenre(0, G - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    truth.itemGenre.resize(c.items);
    for (int i = 0; i < c.items; ++i)
        truth.itemGenre[i] = i < G ? i : anyGenre(rng); // every genre has an item
    std::vector<std::vector<int>> genreItems(G);
    for (int i = 0; i < c.items; ++i)
        genreItems[truth.itemGenre[i]].push_back(i);
    std::vector<std::vector<double>> genreCum(G);
    for (int g = 0; g < G; ++g) {
        std::shuffle(genreItems[g].begin(), genreItems[g].end(), rng);
        double acc = 0;
        for (std::size_t r = 0; r < genreItems[g].size(); ++r)
            genreCum[g].push_back(acc += 1.0 / std::pow(double(r + 1), c.popularityExponent));
    }

    // The next-genre cycle: a random permutation closed into a loop.
    std::vector<int> perm(G);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    truth.nextGenre.resize(G);
    for (int k = 0; k < G; ++k)
        truth.nextGenre[perm[k]] = perm[(k + 1) % G];

    // Item side data: ids, titles, genre tokens, source label and content vectors.
    d.itemCategories.name = "genre";
    for (int g = 0; g < G; ++g)
        d.itemCategories.vocabulary.push_back(genreName(g));
    AttributeColumn genreCol{"genre", false, false, d.itemCategories.vocabulary, {}, {}};
    AttributeColumn sourceCol{"source", false, false, {"human", "ai"}, {}, {}};
    d.contentDim = c.contentDim;
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> centroids(std::size_t(G) * c.contentDim), style(c.contentDim);
    auto unitVectors = [&](int n) { // n unit vectors of size latentDim
        std::vector<double> v(std::size_t(n) * c.latentDim);
        for (int e = 0; e < n; ++e) {
            double len = 0;
            for (int k = 0; k < c.latentDim; ++k)
                len += std::pow(v[std::size_t(e) * c.latentDim + k] = normal(rng), 2);
            len = std::sqrt(std::max(len, 1e-12));
            for (int k = 0; k < c.latentDim; ++k)
                v[std::size_t(e) * c.latentDim + k] /= len;
        }
        return v;
    };
    const std::vector<double> itemLatent = unitVectors(c.items);
    for (auto &x : centroids)
        x = normal(rng);
    double norm = 0;
    for (auto &x : style) {
        x = normal(rng);
        norm += x * x;
    }
    norm = std::sqrt(std::max(norm, 1e-12));
    for (int i = 0; i < c.items; ++i) {
        const int g = truth.itemGenre[i];
        d.itemIds.push_back("i" + std::to_string(i));
        d.itemTitles.push_back("Item " + std::to_string(i) + " (" + genreName(g) + ")");
        d.itemCategories.tokens.push_back(g);
        if (unit(rng) < c.secondaryGenre) {
            const int second = anyGenre(rng);
            if (second != g)
                d.itemCategories.tokens.push_back(second);
        }
        d.itemCategories.offsets.push_back(std::int64_t(d.itemCategories.tokens.size()));
        genreCol.codes.push_back(g);
        const bool ai = unit(rng) < c.aiShare;
        d.itemSource.push_back(ai ? 1 : 0);
        sourceCol.codes.push_back(ai ? 1 : 0);
        const double sign = ai ? 0.5 : -0.5;
        for (int k = 0; k < c.contentDim; ++k)
            d.itemContent.push_back(float(centroids[std::size_t(g) * c.contentDim + k]
                                          + sign * c.sourceStyle * style[k] / norm
                                          + 0.5 * normal(rng)));
    }
    d.itemAttributes = {std::move(genreCol), std::move(sourceCol)};

    // Users: sensitive group, taste tilted by group, drifting to a second taste over time.
    AttributeColumn groupCol{"group", false, true, {"g0", "g1"}, {}, {}};
    d.feedbackLevels = {"click", "cart", "purchase"};
    std::geometric_distribution<int> extraLength(1.0 / std::max(1.0, c.meanLength - 4.0));
    std::exponential_distribution<double> gap(1.0 / 3600.0);
    const std::int64_t t0 = 1672531200; // 2023-01-01
    std::vector<char> seen(c.items, 0);
    truth.userTaste.reserve(std::size_t(c.users) * G);
    for (int u = 0; u < c.users; ++u) {
        const int group = unit(rng) < c.group1Share ? 1 : 0;
        truth.userGroup.push_back(std::int8_t(group));
        groupCol.codes.push_back(group);
        d.userIds.push_back("u" + std::to_string(u));
        const std::vector<double> userLatent = unitVectors(1);
        auto affinity = [&](int item) { // acceptance probability of the personal-taste filter
            double dot = 0;
            for (int k = 0; k < c.latentDim; ++k)
                dot += userLatent[k] * itemLatent[std::size_t(item) * c.latentDim + k];
            return std::exp(c.personalStrength * (dot - 1.0));
        };
        auto taste0 = dirichlet(rng, G, c.genreConcentration),
             taste1 = dirichlet(rng, G, c.genreConcentration);
        tilt(taste0, group, c.attributeGenreCorrelation);
        tilt(taste1, group, c.attributeGenreCorrelation);
        truth.userTaste.insert(truth.userTaste.end(), taste0.begin(), taste0.end());
        const int length = std::min(c.items, 5 + extraLength(rng));
        double t = double(t0) + unit(rng) * 365.0 * 86400.0;
        std::vector<double> taste(G), cum(G);
        std::vector<int> consumed;
        int genre = -1;
        for (int step = 0; step < length; ++step) {
            const double w = c.drift * double(step) / double(std::max(1, length - 1));
            for (int k = 0; k < G; ++k)
                taste[k] = (1 - w) * taste0[k] + w * taste1[k];
            std::partial_sum(taste.begin(), taste.end(), cum.begin());
            const double r = unit(rng);
            if (genre >= 0 && r < c.transitionProbability)
                genre = truth.nextGenre[genre];
            else if (genre >= 0 && r < c.transitionProbability + c.stayProbability)
                ; // stay in the genre
            else
                genre = sampleIndex(rng, cum);
            // Popularity proposes, personal taste accepts (rejection sampling; bounded tries).
            int item = -1, fallback = -1;
            for (int attempt = 0; attempt < 200 && item < 0; ++attempt) {
                const int cand = genreItems[genre][sampleIndex(rng, genreCum[genre])];
                if (seen[cand])
                    continue;
                if (fallback < 0)
                    fallback = cand;
                if (unit(rng) < affinity(cand))
                    item = cand;
            }
            if (item < 0)
                item = fallback;
            if (item < 0)
                continue; // the genre is exhausted for this user
            seen[item] = 1;
            consumed.push_back(item);
            t += gap(rng);
            d.user.push_back(u);
            d.item.push_back(item);
            d.time.push_back(std::int64_t(t));
            d.value.push_back(1.0f);
            // Deeper feedback is likelier in genres the user likes (taste x G > 1).
            const double liking = std::min(2.0, taste[genre] * G);
            std::int8_t level = 0;
            if (unit(rng) < c.cartRate * liking) {
                level = 1;
                if (unit(rng) < c.purchaseRate)
                    level = 2;
            }
            d.feedback.push_back(level);
        }
        for (int i : consumed)
            seen[i] = 0;
    }
    d.userAttributes = {std::move(groupCol)};
    d.validate();
    return res;
}

} // namespace recscope::core
