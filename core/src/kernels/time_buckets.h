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
    std::array<std::int64_t, last + 1> thresholds{};   ///< thresholds[0] = 0
    std::array<std::uint8_t, 64> bucketOfPowerOfTwo{}; ///< bucket(2^k)

    int bucket(std::int64_t delta) const
    {
        const std::uint64_t a = delta == 0  ? 1
                                : delta < 0 ? std::uint64_t(0) - std::uint64_t(delta)
                                            : std::uint64_t(delta);
        int b = bucketOfPowerOfTwo[std::size_t(63 - std::countl_zero(a))];
        // [2^k, 2^(k+1)) spans ln 2 / 0.301 ≈ 2.3 buckets: at most three steps.
        while (b < last && a >= std::uint64_t(thresholds[std::size_t(b + 1)]))
            ++b;
        return b;
    }
};

RS_CORE_TEST_EXPORT const TimeBucketTable &timeBucketTable();

} // namespace recscope::core::detail::kernels
