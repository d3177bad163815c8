// SPDX-License-Identifier: MIT
#include "loop/loop_data.h"

#include "recscope/core/error.h"

#include <algorithm>

namespace recscope::core::detail {

SourceTwins makeSourceTwins(const Dataset &data)
{
    const auto n = std::int64_t(data.numItems());
    const auto dim = std::int64_t(data.contentDim);
    if (dim == 0 || data.itemContent.size() != std::size_t(n * dim))
        throw ConfigError(
            "run",
            "dataset '" + data.name
                + "' has no item content vectors; the feedback loop scores items by content "
                  "(the synthetic generator makes them, contentDim > 0)");
    if (data.itemSource.size() != std::size_t(n))
        throw ConfigError("run",
                          "dataset '" + data.name
                              + "' has no item source labels (human / AI-generated)");
    const auto content
        = torch::from_blob(const_cast<float *>(data.itemContent.data()), {n, dim}, torch::kFloat32)
              .clone();
    const auto ai
        = torch::from_blob(const_cast<std::int8_t *>(data.itemSource.data()), {n}, torch::kInt8)
              .to(torch::kBool);
    const auto aiCount = ai.sum().item<std::int64_t>();
    if (aiCount == 0 || aiCount == n)
        throw ConfigError(
            "run",
            "dataset '" + data.name
                + "' has items of one source only; source bias needs human and AI-generated items");
    SourceTwins twins;
    twins.numItems = n;
    twins.aiShare = double(aiCount) / double(n);
    twins.style = content.index({ai}).mean(0) - content.index({ai.logical_not()}).mean(0);
    // An AI item's human twin is its content without the style offset.
    const auto human = content - ai.unsqueeze(1).to(torch::kFloat32) * twins.style;
    const auto pad = torch::zeros({1, dim});
    twins.table = torch::cat({human, pad, human + twins.style, pad});
    return twins;
}

Impressions Impressions::rows(const torch::Tensor &index) const
{
    return {history.index_select(0, index),
            lengths.index_select(0, index),
            shown.index_select(0, index)};
}

namespace {

/// Packs histories (each the last L items before some position) and shown lists into tensors.
struct ImpressionBuilder
{
    std::int64_t numItems;
    int historyLength, shown;
    std::vector<std::int64_t> history, lengths, shownItems;

    void add(std::span<const std::int64_t> before,
             std::int64_t positive,
             const std::vector<std::int64_t> &others)
    {
        const auto from = before.size() > std::size_t(historyLength)
                              ? before.size() - std::size_t(historyLength)
                              : 0;
        for (std::size_t j = from; j < before.size(); ++j)
            history.push_back(before[j]);
        history.insert(history.end(),
                       std::size_t(historyLength) - (before.size() - from),
                       numItems);
        lengths.push_back(std::int64_t(before.size() - from));
        shownItems.push_back(positive);
        shownItems.insert(shownItems.end(), others.begin(), others.end());
    }
    Impressions finish()
    {
        const auto n = std::int64_t(lengths.size());
        return {torch::tensor(history, torch::kInt64).view({n, historyLength}),
                torch::tensor(lengths, torch::kInt64),
                torch::tensor(shownItems, torch::kInt64).view({n, shown})};
    }
};

} // namespace

Impressions trainImpressions(const sdk::UserItems &sequences,
                             std::int64_t numItems,
                             int historyLength,
                             int shown,
                             int half,
                             std::mt19937_64 &rng)
{
    ImpressionBuilder b{numItems, historyLength, shown, {}, {}, {}};
    std::uniform_int_distribution<std::int64_t> anyItem(0, numItems - 1);
    std::vector<std::int64_t> others(std::size_t(shown - 1));
    for (std::int64_t u = 0; u + 1 < std::int64_t(sequences.offsets.size()); ++u) {
        const auto seq = sequences.of(u);
        for (std::size_t t = 1; t < seq.size(); ++t) {
            if (int(t % 2) != half)
                continue;
            for (auto &o : others)
                do
                    o = anyItem(rng);
                while (o == seq[t]);
            b.add(seq.first(t), seq[t], others);
        }
    }
    return b.finish();
}

Impressions testImpressions(const sdk::UserItems &history,
                            const sdk::UserItems &targets,
                            std::int64_t numItems,
                            int historyLength,
                            int candidates,
                            std::mt19937_64 &rng)
{
    ImpressionBuilder b{numItems, historyLength, candidates, {}, {}, {}};
    std::uniform_int_distribution<std::int64_t> anyItem(0, numItems - 1);
    std::vector<std::int64_t> others(std::size_t(candidates - 1));
    for (std::int64_t u = 0; u + 1 < std::int64_t(targets.offsets.size()); ++u) {
        const auto h = history.of(u), t = targets.of(u);
        if (t.empty() || h.empty() || std::int64_t(h.size() + t.size()) + candidates > numItems)
            continue; // nothing to test, or too few untouched items to fill the impression
        auto touched = [&](std::int64_t i) {
            return std::find(h.begin(), h.end(), i) != h.end()
                   || std::find(t.begin(), t.end(), i) != t.end();
        };
        for (auto &o : others)
            do
                o = anyItem(rng);
            while (touched(o));
        b.add(h, t.front(), others);
    }
    return b.finish();
}

} // namespace recscope::core::detail
