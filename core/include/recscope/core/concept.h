// SPDX-License-Identifier: MIT
#pragma once
// The concept dictionary of a sparse-autoencoder probe (sae.h) as the project stores it: the
// value types and their one serialisation (core/src/store/concept_json.cpp).

#include "recscope/core/export.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::core {

/// One example of a latent: a probed sequence (the user's first `end` items of their
/// train + valid history) with the latent's activation and the model's top-1 recommendation.
struct RS_CORE_EXPORT ConceptExample
{
    std::int64_t user = 0, end = 0, topItem = -1;
    float activation = 0;
};

/// A latent's entry in the concept dictionary. kinds: last_genre, recent_genre, streak,
/// prev_then_last, rec_genre, last_then_rec, last_item, rec_item; "none" when nothing fits.
struct RS_CORE_EXPORT Concept
{
    int latent = 0;
    std::string kind = "none";
    std::string label;          ///< readable, e.g. "last item Drama → recommends Comedy"
    std::int64_t subject = -1;  ///< the genre or item the concept names
    std::int64_t object = -1;   ///< second genre of two-genre kinds
    std::int64_t recGenre = -1; ///< most over-represented genre of the top-1 recommendation
    double confidence = 0, precision = 0, recall = 0;
    double frequency = 0; ///< share of probed sequences with the latent active
    double meanActivation = 0, maxActivation = 0;
    std::vector<ConceptExample> top;                     ///< the highest activations, best first
    std::vector<double> histogramEdges, histogramCounts; ///< activations where active
    /// Per genre: share among the latent's describe examples (last item) and among all sequences.
    std::vector<double> genreShareTop, genreShareAll;
};

/// The dictionary as JSON (an array of concepts with examples, histogram and genre shares) and
/// as CSV (one row per latent: latent, kind, label, confidence, precision, recall, frequency,
/// mean and max activation, recommended genre).
RS_CORE_EXPORT std::string conceptsToJson(const std::vector<Concept> &concepts);
RS_CORE_EXPORT std::string conceptsToCsv(const std::vector<Concept> &concepts,
                                         const std::vector<std::string> &genreNames = {});

} // namespace recscope::core
