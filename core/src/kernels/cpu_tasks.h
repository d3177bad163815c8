// SPDX-License-Identifier: MIT
#pragma once
// Work split for the CPU kernels: tasks of uneven cost (a causal query tile late in a long
// sequence costs far more than an early one) spread over ATen's threads so that each gets about
// the same work. The split depends only on the tasks and the thread count, so results that sum
// over a chunk are the same run after run.

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace recscope::core::detail::kernels {

struct Task
{
    std::int64_t sequence; ///< which sequence (or user block)
    std::int64_t index;    ///< which tile or head inside it
    std::int64_t cost;     ///< relative work, for balancing
};

inline std::int64_t balancedChunks(std::int64_t tasks)
{
    return std::max<std::int64_t>(1, std::min<std::int64_t>(tasks, at::get_num_threads()));
}

/// Runs fn(tasks of one chunk, chunk index) for balancedChunks(tasks.size()) chunks in parallel;
/// tasks go, largest first, to the chunk with the least work so far.
template<typename Fn>
void runBalanced(std::vector<Task> tasks, Fn &&fn)
{
    if (tasks.empty())
        return;
    const auto chunks = balancedChunks(std::int64_t(tasks.size()));
    std::stable_sort(tasks.begin(), tasks.end(), [](const Task &a, const Task &b) {
        return a.cost > b.cost;
    });
    std::vector<std::vector<Task>> byChunk(static_cast<std::size_t>(chunks));
    std::vector<std::int64_t> load(static_cast<std::size_t>(chunks), 0);
    for (const auto &t : tasks) {
        const auto c = std::size_t(std::min_element(load.begin(), load.end()) - load.begin());
        byChunk[c].push_back(t);
        load[c] += t.cost;
    }
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto c = begin; c < end; ++c)
            fn(std::span<const Task>(byChunk[std::size_t(c)]), c);
    });
}

} // namespace recscope::core::detail::kernels
