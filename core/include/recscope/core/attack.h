// SPDX-License-Identifier: MIT
#pragma once
// Data-poisoning attacks with fake users (research notes ../shared/research/algorithms-audit.md §2;
// the implicit-feedback recipes of Wu et al.'s injective-attack code and the VAT repository).

#include "recscope/core/dataset.h"
#include "recscope/core/split.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::core {

/// The spec's "attack" section. kind "none" keeps the data clean but still picks and measures
/// the target items, so the same spec without an attack is the "before".
struct RS_CORE_EXPORT AttackConfig
{
    std::string kind = "none";   ///< none | random | bandwagon | popular | average | dp
    double fakeUserShare = 0.01; ///< fake users as a share of real users (the notes: ≈ 1%)
    int profileLength = 0;       ///< interactions per fake user; 0 = the mean real profile length
    int targets = 5;             ///< target items (the VAT files: 5)
    std::string targetBand = "tail"; ///< head | mid | tail: the popularity band targets come from
    std::uint64_t seed = 1;

    void validate(const std::string &path = "attack") const; ///< ConfigError naming the field
};

/// What an attack did: the targets and the fake users (dense ids, appended after the real ones).
struct RS_CORE_EXPORT AttackPlan
{
    std::vector<std::int64_t> targets;
    std::int64_t realUsers = 0, fakeUsers = 0;
};

/// Picks the target items from the training popularity band and, unless kind is none, appends
/// fake users to the dataset whose rows all go to the training part (each profile holds every
/// target plus fillers):
///   random    fillers uniform over non-target items;
///   bandwagon half the fillers from the 10% most popular items (top_rate 0.1,
///             popular_inter_rate 0.5), half from the rest;
///   popular   every filler from the 10% most popular items;
///   average   fillers drawn in proportion to training popularity — the implicit-feedback reading
///             of the explicit Average attack (each item's mean rating → its mean exposure);
///   dp        optimisation-based (Huang et al., NDSS'21): fillers a surrogate recommender,
///             trained to rank the targets high, predicts the fake user prefers
///             (attack/optimised_attack.h).
RS_CORE_EXPORT AttackPlan applyAttack(Dataset &data, Split &split, const AttackConfig &config);

/// Target-item metrics (the VAT code's protocol): for each target, the 1-based rank it gets from
/// each real user with a test target who never interacted with it (known items masked).
/// T-HR@K = share of ranks ≤ K; T-NDCG@K = mean of 1/log2(rank + 1) for ranks ≤ K, 0 otherwise;
/// both averaged over the targets.
RS_CORE_EXPORT double targetHitRate(const std::vector<std::vector<std::int64_t>> &ranksPerTarget,
                                    int k);
RS_CORE_EXPORT double targetNdcg(const std::vector<std::vector<std::int64_t>> &ranksPerTarget,
                                 int k);

} // namespace recscope::core
