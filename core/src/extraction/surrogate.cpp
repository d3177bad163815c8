// SPDX-License-Identifier: MIT
#include "extraction/surrogate.h"

#include "recscope/core/error.h"

#include <torch/optim/adamw.h>

#include <random>

namespace recscope::core::detail {

torch::Tensor distillationLoss(const torch::Tensor &logits,
                               const torch::Tensor &lists,
                               const torch::Tensor &negatives,
                               const torch::Tensor &seen,
                               double margin,
                               double repairWeight,
                               int repairK)
{
    const auto onList = logits.gather(1, lists); // [M, K]
    auto loss = torch::relu(margin - (onList.slice(1, 0, -1) - onList.slice(1, 1)))
                    .mean() // consecutive places
                + torch::relu(margin - (onList - logits.gather(1, negatives)))
                      .mean(); // list above the rest
    if (repairWeight <= 0)
        return loss;
    const auto r = std::min<std::int64_t>(repairK, lists.size(1));
    const auto victimTop = onList.slice(1, 0, r);
    // The victim never lists the prefix's own items, so the surrogate's top-R leaves them out too.
    const auto [ownScores, ownItems]
        = (seen.defined() ? logits.masked_fill(seen, -1e9) : logits).topk(r, 1);
    const auto threshold = ownScores.select(1, r - 1).unsqueeze(1);
    const auto missed = victimTop.lt(threshold); // false negatives [M, r]
    const auto wrong = ownItems.unsqueeze(2)
                           .eq(lists.unsqueeze(1))
                           .any(2)
                           .logical_not(); // false positives [M, r]
    // Every (false negative, false positive) pair of a prefix: −log σ(s_fn − s_fp) lifts one and
    // lowers the other together.
    const auto pairs
        = missed.unsqueeze(2).logical_and(wrong.unsqueeze(1)).to(logits.dtype()); // [M, r, r]
    const auto pairLoss = torch::softplus(ownScores.unsqueeze(1) - victimTop.unsqueeze(2)) * pairs;
    const auto repair = pairLoss.sum() / pairs.sum().clamp_min(1.0);
    return loss + repairWeight * repair;
}

namespace {

SasRecConfig netConfig(std::int64_t numItems, const ExtractionConfig &c)
{
    SasRecConfig s;
    s.hidden = c.hidden;
    s.maxLen = c.maxLen;
    s.layers = c.layers;
    s.heads = c.heads;
    s.dropout = c.dropout;
    s.numItems = numItems;
    return s;
}

/// Left-padded windows (item + 1, 0 = padding) of the last n items of each sequence.
torch::Tensor windows(const Sequences &seqs, std::int64_t n)
{
    std::vector<std::int64_t> ids(seqs.size() * std::size_t(n), 0);
    for (std::size_t b = 0; b < seqs.size(); ++b) {
        const auto m = std::min<std::int64_t>(n, std::int64_t(seqs[b].size()));
        for (std::int64_t t = 0; t < m; ++t)
            ids[b * std::size_t(n) + std::size_t(n - m + t)]
                = seqs[b][seqs[b].size() - std::size_t(m - t)] + 1;
    }
    return torch::tensor(ids, torch::kInt64).view({std::int64_t(seqs.size()), n});
}

} // namespace

Surrogate::Surrogate(std::int64_t numItems, const ExtractionConfig &config)
    : m_numItems(numItems)
    , m_config(config)
    , m_net(std::make_shared<SasRecNet>(netConfig(numItems, config)))
{}

void Surrogate::train(const DistillSet &set, bool repair, std::stop_token stop)
{
    const auto n = std::int64_t(m_config.maxLen);
    const auto k = std::int64_t(set.labels.front().front().size());
    // Labels aligned with the windows: place n − m + t holds the list for prefix [0..t].
    std::vector<std::int64_t> labels(set.sequences.size() * std::size_t(n * k), -1);
    for (std::size_t s = 0; s < set.sequences.size(); ++s) {
        const auto m = std::min<std::int64_t>(n, std::int64_t(set.sequences[s].size()));
        const auto first = std::int64_t(set.sequences[s].size()) - m;
        for (std::int64_t t = 0; t < m; ++t)
            std::copy(set.labels[s][std::size_t(first + t)].begin(),
                      set.labels[s][std::size_t(first + t)].end(),
                      labels.begin()
                          + std::ptrdiff_t((s * std::size_t(n) + std::size_t(n - m + t))
                                           * std::size_t(k)));
    }
    const auto allLabels
        = torch::tensor(labels, torch::kInt64).view({std::int64_t(set.sequences.size()), n, k});
    const auto allInputs = windows(set.sequences, n);
    torch::optim::AdamW opt(m_net->parameters(), torch::optim::AdamWOptions(m_config.learningRate));
    m_net->train();
    for (int epoch = 0; epoch < m_config.epochs; ++epoch) {
        const auto order = torch::randperm(allInputs.size(0), torch::kInt64);
        for (std::int64_t from = 0; from < order.size(0); from += m_config.batchSize) {
            if (stop.stop_requested())
                throw Cancelled("extraction");
            const auto idx
                = order.slice(0, from, std::min(order.size(0), from + m_config.batchSize));
            const auto lists = allLabels.index_select(0, idx);
            const auto valid = lists.select(2, 0).ge(0);
            const auto inputs = allInputs.index_select(0, idx);
            const auto h = m_net->forward(inputs).index({valid}); // [M, d]
            // Items of each prefix: a running "seen" mask over the window (column 0 is padding).
            const auto seen
                = torch::one_hot(inputs, m_numItems + 1).cumsum(1).gt(0).slice(2, 1).index({valid});
            const auto logits = torch::matmul(h, m_net->itemEmb->weight.slice(0, 1).t()); // [M, I]
            const auto picked = lists.index({valid});
            const auto negatives = torch::randint(m_numItems, picked.sizes(), torch::kInt64);
            const auto loss = distillationLoss(logits,
                                               picked,
                                               negatives,
                                               seen,
                                               m_config.margin,
                                               repair ? m_config.repairWeight : 0.0,
                                               m_config.repairK);
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }
    m_net->eval();
}

torch::Tensor Surrogate::score(const Sequences &prefixes)
{
    torch::NoGradGuard ng;
    const auto h
        = m_net->forward(windows(prefixes, m_config.maxLen)).select(1, m_config.maxLen - 1);
    return torch::matmul(h, m_net->itemEmb->weight.slice(0, 1).t());
}

} // namespace recscope::core::detail
