// SPDX-License-Identifier: MIT
#pragma once
// Steps the probe trainer and SaeLab share.

#include "analysis/loaded_run.h"
#include "sae/concept_builder.h"
#include "sae/sparse_autoencoder.h"

#include <recscope/core/evaluation.h>
#include <recscope/core/sae.h>

#include <filesystem>
#include <stop_token>

namespace recscope::core::detail {

/// Hidden states at the end of every user's whole history ([U, d], users with ≥ 1 item).
torch::Tensor finalStates(sdk::Model &model, const sdk::UserItems &history);

struct Reconstruction
{
    double mse = 0;       ///< mean squared error per element
    double explained = 0; ///< 1 − Σ‖h − ĥ‖² / Σ‖h − mean h‖²
    double l0 = 0;        ///< mean active latents per state
};
Reconstruction measureReconstruction(const TopKSae &sae, const torch::Tensor &h);

/// ConfigError("run") unless the model exposes hidden states and scores edited ones.
void requireHiddenStates(LoadedRun &run);

/// First category per item (-1 for none) and the names labels use.
std::vector<std::int64_t> itemGenres(const Dataset &data);
ConceptNames conceptNames(const Dataset &data);
std::string itemName(const Dataset &data, std::int64_t item);

/// Sparse codes and the model's top-1 recommendation (known items masked) for a probe set.
ProbeCodes encodeProbeSet(sdk::Model &model,
                          const TopKSae &sae,
                          const sdk::UserItems &history,
                          const ProbeSet &set,
                          std::stop_token stop);

/// The concept dictionary over prefixes of every user's train + valid history.
std::vector<Concept>
describeLatents(LoadedRun &run, const TopKSae &sae, const SaeConfig &config, std::stop_token stop);

/// Concepts, ConfidentConcepts, MeanConfidence, DeadLatents and, on synthetic data, the planted
/// genres and transitions found.
void addDictionaryMetrics(const LoadedRun &run,
                          const std::vector<Concept> &concepts,
                          const SaeConfig &config,
                          MetricValues &out);

std::string saveSae(TopKSae &sae, const std::filesystem::path &file);
TopKSae loadSae(const std::string &file, const SaeConfig &config, std::int64_t inputSize);

} // namespace recscope::core::detail
