// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/dataset.h>
#include <recscope/core/split.h>

#include <cstdint>
#include <vector>

namespace recscope::core::detail {

/// The optimisation-based attack "dp" after Huang et al., "Data Poisoning Attacks to Deep
/// Learning Based Recommender Systems" (NDSS'21), Algorithm 1, with a BPR-MF surrogate instead of
/// their NCF (a simplification, said in the README): train the surrogate on the clean training
/// part; then, one group of fake users at a time, add the group holding only the targets,
/// retrain the surrogate on L_BPR + λ·L_attack, where L_attack = Σ_u Σ_t softplus(ŷ_uc − ŷ_ut)
/// over sampled real users with c the item at their K-th place (the paper's hit-ratio surrogate
/// loss, in its smooth form), and give each fake user the fillers with the largest s_j·σ(ŷ_fj):
/// its predicted preference in the poisoned surrogate times a selection weight s_j that decays
/// by δ each time item j is chosen (their diversity trick). Plain C++ with a seeded generator so
/// the same spec always yields the same fake users (a run's data is rebuilt from its spec).
struct OptimisedAttackSettings
{
    int dim = 32, cleanEpochs = 20, groupEpochs = 5, groups = 5, topK = 10, attackUsers = 256;
    double learningRate = 0.05, regularisation = 0.01, attackWeight = 1.0, decay = 0.9;
};

/// Fillers (distinct, no target) for each fake user.
std::vector<std::vector<std::int64_t>> optimisedFillers(const Dataset &data,
                                                        const Split &split,
                                                        const std::vector<std::int64_t> &targets,
                                                        std::int64_t fakeUsers,
                                                        std::size_t fillerCount,
                                                        std::uint64_t seed,
                                                        const OptimisedAttackSettings &settings
                                                        = {});

} // namespace recscope::core::detail
