// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <array>
#include <bit>
#include <cstdint>

namespace recscope::core::detail::kernels {

/// HSTU's time bucket ⌊ln(max(|Δ|, 1)) / 0.301⌋ clamped to [0, 128] (research code; the model's
/// hstuTimeBuckets) without a logarithm per pair: thresholds[b] is the smallest |Δ| whose bucket
/// is at least b, found once with the same double-precision formula, so the two agree exactly.
struct TimeBucketTable
{
    static constexpr int last = 128;
    /// thresholds[b] for b ≤ 128 (thresholds[0] = 0); three more entries that no |Δ| reaches.
    std::array<std::uint64_t, last + 4> thresholds{};
    std::array<std::uint8_t, 64> bucketOfPowerOfTwo{}; ///< bucket(2^k)

    int bucket(std::int64_t delta) const
    {
        const std::uint64_t a = delta == 0  ? 1
                                : delta < 0 ? std::uint64_t(0) - std::uint64_t(delta)
                                            : std::uint64_t(delta);
        const int b = bucketOfPowerOfTwo[std::size_t(63 - std::countl_zero(a))];
        // [2^k, 2^(k+1)) spans ln 2 / 0.301 ≈ 2.3 buckets: at most three more thresholds to pass,
        // counted without branches.
        const auto *t = thresholds.data() + b;
        return b + int(a >= t[1]) + int(a >= t[2]) + int(a >= t[3]);
    }
};

RS_CORE_TEST_EXPORT const TimeBucketTable &timeBucketTable();

} // namespace recscope::core::detail::kernels
