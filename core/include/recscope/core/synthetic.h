// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/config_fields.h"
#include "recscope/core/dataset.h"

#include <cstdint>
#include <vector>

namespace recscope::core {

/// Knobs of the seeded synthetic generator. Each plants one known structure (README,
/// "Synthetic data") so later analyses can be checked against it.
struct RS_CORE_EXPORT SyntheticConfig
{
    std::uint64_t seed = 42;
    int users = 2000;
    int items = 1000;
    double meanLength = 40;          ///< mean interactions per user (shifted geometric, min 5)
    int genres = 10;                 ///< item clusters; each item has one primary genre
    double secondaryGenre = 0.3;     ///< chance an item also carries a second genre token
    double popularityExponent = 0.8; ///< Zipf exponent of within-genre item popularity
    double genreConcentration = 0.2; ///< Dirichlet alpha of user genre taste (small = focused)
    /// Personal taste inside a genre: users and items get unit latent vectors (latentDim) and an
    /// item is accepted with probability exp(personalStrength * (u·v - 1)) — the low-rank
    /// structure collaborative filtering recovers and popularity cannot.
    double personalStrength = 6.0;
    int latentDim = 8;
    /// Binary sensitive attribute "group": group 1 users' taste is tilted toward the first half
    /// of the genres by this much (0 = no correlation, 1 = only those genres).
    double attributeGenreCorrelation = 0.6;
    double group1Share = 0.5;
    /// Next-genre structure: with this probability the next item's genre is the successor of the
    /// current genre in a fixed random cycle; with stayProbability it stays; else drawn from taste.
    double transitionProbability = 0.3;
    double stayProbability = 0.2;
    /// Interest drift: taste moves linearly to a second draw over a user's timeline (0 = none).
    double drift = 0.3;
    double aiShare = 0.3;     ///< share of items whose source is AI-generated
    int contentDim = 16;      ///< content vector size (genre centroid + source style + noise)
    double sourceStyle = 3.0; ///< length of the style offset separating AI from human content
    double cartRate = 0.3;    ///< P(cart | click); purchase follows cart with purchaseRate
    double purchaseRate = 0.4;

    /// Every knob's key (a spec's "synthetic" section), meaning and CLI spelling; the spec's
    /// reader and writer and `recscope-cli dataset inspect synthetic` derive from it.
    static const ConfigFields<SyntheticConfig> &fields();
};

/// What the generator planted, for checks and later audits.
struct RS_CORE_EXPORT SyntheticTruth
{
    std::vector<std::int32_t> itemGenre; ///< primary genre of each item
    std::vector<std::int32_t> nextGenre; ///< successor genre in the transition cycle
    std::vector<std::int8_t> userGroup;  ///< sensitive attribute per user
    std::vector<float> userTaste;        ///< [users * genres] starting taste
};

struct RS_CORE_EXPORT SyntheticResult
{
    Dataset data;
    SyntheticTruth truth;
};

RS_CORE_EXPORT SyntheticResult generateSynthetic(const SyntheticConfig &config);

} // namespace recscope::core
