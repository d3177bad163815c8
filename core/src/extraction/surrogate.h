// SPDX-License-Identifier: MIT
#pragma once
// The attacker's surrogate: a SASRec (Yue et al.'s: d 64, 2 blocks, 2 heads, dropout 0.1, AdamW
// lr 1e-3) distilled from the victim's lists.

#include "extraction/synthesis.h"
#include "model/sasrec_net.h"

#include <recscope/core/extraction.h>

namespace recscope::core::detail {

/// The distillation loss of M labelled prefixes: logits [M, I], the victim's lists [M, K] (best
/// first), one sampled non-list item per list place [M, K], and the prefix's own items [M, I]
/// (bool; undefined = none), which the victim never lists.
///   ranking (Yue et al.): hinge(margin − (s[l_j] − s[l_{j+1}])) over consecutive list places,
///     plus hinge(margin − (s[l_j] − s[n_j])) against the sampled items;
///   repair (few-shot paper, bidirectional; form and weight are RecScope's reading): items of the
///     victim's top-R the surrogate ranks below its own R-th score τ_R are pushed up past it,
///     hinge(margin + τ_R − s), and items of the surrogate's top-R absent from the victim's whole
///     list are pushed below the lowest of the victim's top-R, hinge(margin + s − min s[l_1..R]).
RS_CORE_TEST_EXPORT torch::Tensor distillationLoss(const torch::Tensor &logits,
                                                   const torch::Tensor &lists,
                                                   const torch::Tensor &negatives,
                                                   const torch::Tensor &seen,
                                                   double margin,
                                                   double repairWeight,
                                                   int repairK);

class RS_CORE_TEST_EXPORT Surrogate
{
public:
    Surrogate(std::int64_t numItems, const ExtractionConfig &config);
    /// Distils from the labelled sequences; repair toggles the repair loss.
    void train(const DistillSet &set, bool repair, std::stop_token stop);
    /// Scores [B, I] of prefixes (the last maxLen items are read).
    torch::Tensor score(const Sequences &prefixes);

private:
    std::int64_t m_numItems;
    ExtractionConfig m_config;
    std::shared_ptr<SasRecNet> m_net;
};

} // namespace recscope::core::detail
