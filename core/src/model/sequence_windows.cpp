// SPDX-License-Identifier: MIT
#include "model/sequence_windows.h"

#include <algorithm>
#include <vector>

namespace recscope::core::detail {

namespace {

/// Row-major [rows, n] buffers of the four windows, zero (padding) until filled.
struct WindowBuffers
{
    std::int64_t n;
    std::vector<std::int64_t> input, target, times, next;
    WindowBuffers(std::size_t rows, std::int64_t n_)
        : n(n_)
        , input(rows * std::size_t(n_), 0)
        , target(input.size(), 0)
        , times(input.size(), 0)
        , next(input.size(), 0)
    {}
    SequenceWindows tensors(std::int64_t rows, torch::Device device)
    {
        auto t = [&](std::vector<std::int64_t> &v) {
            return torch::tensor(v, torch::kInt64).view({rows, n}).to(device);
        };
        return {t(input), t(target), t(times), t(next)};
    }
};

} // namespace

SequenceWindows trainingWindows(const sdk::UserItems &sequences,
                                std::span<const std::int64_t> users,
                                std::int64_t n,
                                torch::Device device)
{
    WindowBuffers w(users.size(), n);
    const bool timed = sequences.times.size() == sequences.items.size();
    for (std::size_t k = 0; k < users.size(); ++k) {
        const auto seq = sequences.of(users[k]);
        const std::int64_t m = std::int64_t(seq.size()), len = std::min(n, m - 1);
        for (std::int64_t t = 0; t < len; ++t) {
            const auto pos = std::size_t(std::int64_t(k) * n + n - len + t);
            const auto src = std::size_t(m - 1 - len + t);
            w.input[pos] = seq[src] + 1;
            w.target[pos] = seq[src + 1] + 1;
            if (timed) {
                const auto ts = sequences.timesOf(users[k]);
                w.times[pos] = ts[src];
                w.next[pos] = ts[src + 1];
            }
        }
    }
    return w.tensors(std::int64_t(users.size()), device);
}

SequenceWindows historyWindows(const sdk::UserItems &history,
                               std::span<const std::int64_t> users,
                               std::int64_t n,
                               torch::Device device)
{
    WindowBuffers w(users.size(), n);
    const bool timed = history.times.size() == history.items.size();
    for (std::size_t k = 0; k < users.size(); ++k) {
        const auto seq = history.of(users[k]);
        const std::int64_t len = std::min<std::int64_t>(n, std::int64_t(seq.size())),
                           first = std::int64_t(seq.size()) - len;
        for (std::int64_t t = 0; t < len; ++t) {
            const auto pos = std::size_t(std::int64_t(k) * n + n - len + t);
            w.input[pos] = seq[std::size_t(first + t)] + 1;
            if (timed) {
                const auto ts = history.timesOf(users[k]);
                w.times[pos] = ts[std::size_t(first + t)];
                w.next[pos] = first + t + 1 < std::int64_t(ts.size())
                                  ? ts[std::size_t(first + t + 1)]
                                  : ts.back();
            }
        }
    }
    return w.tensors(std::int64_t(users.size()), device);
}

} // namespace recscope::core::detail
