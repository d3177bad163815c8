// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <array>
#include <bit>
#include <cstdint>
#include <limits>

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

    /// |Δ|, with 0 counted as 1 (the formula's max(|Δ|, 1)); |INT64_MIN| counts as 1 too, as
    /// LibTorch's abs() (it wraps) and clamp_min(1) make it.
    static std::uint64_t magnitude(std::int64_t delta)
    {
        return delta == 0 || delta == std::numeric_limits<std::int64_t>::min() ? 1
               : delta < 0 ? std::uint64_t(0) - std::uint64_t(delta)
                           : std::uint64_t(delta);
    }

    /// The bucket of a magnitude a ≥ 1; thresholds[b] ≤ a < thresholds[b + 1].
    int bucketOf(std::uint64_t a) const
    {
        const int b = bucketOfPowerOfTwo[std::size_t(63 - std::countl_zero(a))];
        // [2^k, 2^(k+1)) spans ln 2 / 0.301 ≈ 2.3 buckets: at most three more thresholds to pass,
        // counted without branches.
        const auto *t = thresholds.data() + b;
        return b + int(a >= t[1]) + int(a >= t[2]) + int(a >= t[3]);
    }

    int bucket(std::int64_t delta) const { return bucketOf(magnitude(delta)); }
};

RS_CORE_TEST_EXPORT const TimeBucketTable &timeBucketTable();

} // namespace recscope::core::detail::kernels
