// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <span>

namespace recscope::core::detail {

/// Left-padded windows of the last n positions of each user's sequence, as [B, n] int64 tensors
/// on a device: item ids + 1 (0 = padding), their timestamps and the timestamp of what follows.
struct SequenceWindows
{
    torch::Tensor input, target, times, nextTimes;
};

/// Training windows (SASRec, HSTU): inputs s[0..m−2] predict targets s[1..m−1]; the last n pairs
/// of each user's sequence. nextTimes[t] is the target's time.
RS_CORE_TEST_EXPORT SequenceWindows trainingWindows(const sdk::UserItems &sequences,
                                                    std::span<const std::int64_t> users,
                                                    std::int64_t n,
                                                    torch::Device device);

/// Scoring windows: the last n items of each user's history (no target). nextTimes[t] is the
/// following item's time, and the last item's own time at the end of the history.
RS_CORE_TEST_EXPORT SequenceWindows historyWindows(const sdk::UserItems &history,
                                                   std::span<const std::int64_t> users,
                                                   std::int64_t n,
                                                   torch::Device device);

} // namespace recscope::core::detail
