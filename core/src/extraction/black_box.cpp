// SPDX-License-Identifier: MIT
#include "extraction/black_box.h"

#include "eval/ranking_evaluator.h"

#include <cmath>
#include <stdexcept>

namespace recscope::core::detail {

ItemLists
maskedTopK(torch::Tensor scores, const std::vector<std::vector<std::int64_t>> &exclude, int k)
{
    std::vector<std::int64_t> rows, cols;
    for (std::size_t b = 0; b < exclude.size(); ++b)
        for (auto i : exclude[b]) {
            rows.push_back(std::int64_t(b));
            cols.push_back(i);
        }
    scores = scores.to(torch::kCPU).clone();
    if (!rows.empty())
        scores.index_put_({torch::tensor(rows, torch::kInt64), torch::tensor(cols, torch::kInt64)},
                          -INFINITY);
    const auto top
        = std::get<1>(scores.topk(std::min<std::int64_t>(k, scores.size(1)), 1)).contiguous();
    const auto *t = top.data_ptr<std::int64_t>();
    ItemLists out(exclude.size());
    for (std::size_t b = 0; b < out.size(); ++b)
        out[b].assign(t + b * std::size_t(top.size(1)), t + (b + 1) * std::size_t(top.size(1)));
    return out;
}

BlackBox::BlackBox(sdk::Model &victim, std::int64_t numItems, int listLength)
    : m_victim(victim)
    , m_numItems(numItems)
    , m_listLength(listLength)
{}

ItemLists BlackBox::topK(const Sequences &prefixes, const Sequences &times)
{
    if (times.size() != prefixes.size())
        throw std::invalid_argument("BlackBox::topK: one time sequence per prefix");
    sdk::UserItems history;
    history.offsets.push_back(0);
    for (std::size_t b = 0; b < prefixes.size(); ++b) {
        if (times[b].size() != prefixes[b].size())
            throw std::invalid_argument("BlackBox::topK: one time per item");
        history.items.insert(history.items.end(), prefixes[b].begin(), prefixes[b].end());
        history.times.insert(history.times.end(), times[b].begin(), times[b].end());
        history.offsets.push_back(std::int64_t(history.items.size()));
    }
    torch::NoGradGuard ng;
    const auto users = torch::arange(std::int64_t(prefixes.size()), torch::kInt64);
    m_queries += std::int64_t(prefixes.size());
    Exclusions seen;
    for (const auto &p : prefixes)
        seen.add(p);
    const auto top = rankTopItems(m_victim,
                                  users,
                                  history,
                                  seen,
                                  int(std::min<std::int64_t>(m_listLength, m_numItems)))
                         .to(torch::kCPU)
                         .contiguous();
    const auto *t = top.data_ptr<std::int64_t>();
    ItemLists out(prefixes.size());
    for (std::size_t b = 0; b < out.size(); ++b)
        out[b].assign(t + b * std::size_t(top.size(1)), t + (b + 1) * std::size_t(top.size(1)));
    return out;
}

} // namespace recscope::core::detail
