// SPDX-License-Identifier: MIT
#pragma once
// The attacker's distillation data: the few-shot real sequences and synthetic ones, each prefix
// labelled with the victim's top-K list. Synthesis follows Yue et al.'s autoregressive generation
// (query the victim on the prefix, append an item of its list) with the few-shot paper's two
// additions read as simply as their description allows (research notes §4; the equations were
// not available, so this is an interpretation, also said in the README):
//   - the probabilistic interaction sampler is a first-order transition model counted on the
//     few-shot sequences with popularity back-off (the paper: a small self-attention model);
//   - the synthesis determinant signal is one learned rate, the share of real steps whose next
//     item was in the victim's list for that prefix (the paper: a gate σ(w·h + b) per step); with
//     it the next item comes from the victim's list (drawn by the sampler), else from the pool.
//   Generation starts from the first items of few-shot sequences, at their first times, and
//   advances by gaps drawn from the few-shot sequences (GapSampler).

#include "extraction/black_box.h"

#include <random>
#include <stop_token>

namespace recscope::core::detail {

struct DistillSet
{
    Sequences sequences;
    std::vector<ItemLists> labels; ///< labels[s][t]: the victim's list for sequences[s][0..t]
    std::int64_t queries = 0;
    void append(DistillSet other);
};

class RS_CORE_TEST_EXPORT TransitionSampler
{
public:
    TransitionSampler(const Sequences &sequences, std::int64_t numItems);
    /// P(j | last) ∝ count(last → j) + (pop(j) + 1) / (Σ pop + numItems), over the given items
    /// (the victim's list) or, with none given, over the whole pool.
    std::int64_t
    next(std::int64_t last, const std::vector<std::int64_t> *within, std::mt19937_64 &rng) const;
    double weight(std::int64_t last, std::int64_t j) const;

private:
    std::int64_t m_numItems;
    std::vector<std::vector<std::pair<std::int64_t, double>>> m_next; ///< sorted by item
    std::vector<double> m_popularity;
    double m_total = 0;
    mutable std::discrete_distribution<std::size_t> m_pool; ///< popularity + 1
};

/// The clock of synthetic sequences: gaps between consecutive items of the real sequences, drawn
/// uniformly, so a time-aware victim is asked with gaps like those it was trained on.
class RS_CORE_TEST_EXPORT GapSampler
{
public:
    explicit GapSampler(const Sequences &times);
    std::int64_t draw(std::mt19937_64 &rng) const; ///< 1 when the sequences hold no gap

private:
    std::vector<std::int64_t> m_gaps;
};

/// Labels the real sequences' prefixes (the first maxLen items of each, in the given order, at
/// their real times) until the budget is spent; the last sequence may be cut short.
RS_CORE_TEST_EXPORT DistillSet queryRealSequences(BlackBox &box,
                                                  const Sequences &real,
                                                  const Sequences &realTimes,
                                                  std::int64_t budget,
                                                  int maxLen,
                                                  std::stop_token stop);

/// Share of labelled steps whose next real item is in the victim's list for the prefix before it.
RS_CORE_TEST_EXPORT double listHitRate(const DistillSet &real);

/// Synthetic sequences of the given length until the budget is spent. Each starts from a seed
/// sequence's first item at its first time; later items follow by the gaps' clock (drawn from a
/// generator of its own, so the items drawn do not depend on the clock).
RS_CORE_TEST_EXPORT DistillSet synthesise(BlackBox &box,
                                          const TransitionSampler &sampler,
                                          const Sequences &seeds,
                                          const Sequences &seedTimes,
                                          const GapSampler &gaps,
                                          std::int64_t budget,
                                          int length,
                                          double gate,
                                          std::mt19937_64 &rng,
                                          std::stop_token stop);

} // namespace recscope::core::detail
