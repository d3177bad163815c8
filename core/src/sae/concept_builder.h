// SPDX-License-Identifier: MIT
#pragma once

#include "sae/probe_data.h"

#include <recscope/core/export.h>
#include <recscope/core/sae.h>

#include <functional>
#include <string>
#include <vector>

namespace recscope::core::detail {

/// The sparse codes of a probe set: k (latent, value) slots per sequence (value 0 = unused) and
/// the model's top-1 recommendation for each sequence.
struct ProbeCodes
{
    std::int64_t k = 0, latents = 0;
    std::vector<std::int32_t> latent;
    std::vector<float> value;
    std::vector<std::int64_t> topItem;
};

/// What a concept can name about one sequence: the genres of its last items and of the model's
/// top-1 recommendation, and those items (-1 where there is none).
struct SequenceFeatures
{
    std::vector<std::int64_t> lastGenre, prevGenre, recentGenre, streakGenre, recGenre, lastItem,
        recItem;
};

/// Features of every probed sequence. itemGenre: first category per item, -1 for none.
RS_CORE_TEST_EXPORT SequenceFeatures sequenceFeatures(const sdk::UserItems &history,
                                                      const ProbeSet &set,
                                                      const std::vector<std::int64_t> &topItem,
                                                      const std::vector<std::int64_t> &itemGenre);

/// Names for labels.
struct ConceptNames
{
    std::vector<std::string> genres;
    std::function<std::string(std::int64_t)> item;
};

/// The concept dictionary, RecSAE's pipeline with its LLM replaced by a rule search (a
/// simplification: the paper prompts Llama-3 with 5 top-activating sequences and asks it to
/// describe, then to predict activations from the description):
///  1. activation levels are global deciles of all positive activations; an example needs level
///     ≥ 5 (2_construct_latentDict.py); users are split in two halves, one to describe from and
///     one to verify on, one sequence per user;
///  2. describe: of the candidate predicates the top describeExamples sequences suggest (last /
///     recent genre, a 3-item streak, a genre pair, the recommended genre or item, the last
///     item), take the one whose share among them most exceeds its share among all sequences;
///  3. verify (3_analysis_verResult.py): on verifyExamples held-out top sequences and
///     randomExamples held-out sequences where the latent is off, recall = share of the top ones
///     the predicate holds for, precision = share of the random ones it does not hold for,
///     confidence = (hits on both) / (both counts).
RS_CORE_TEST_EXPORT std::vector<Concept> buildConcepts(const ProbeSet &set,
                                                       const ProbeCodes &codes,
                                                       const SequenceFeatures &features,
                                                       const SaeConfig &config,
                                                       const ConceptNames &names);

} // namespace recscope::core::detail
