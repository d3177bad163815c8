// SPDX-License-Identifier: MIT
#include "kernels/time_buckets.h"

#include <cmath>
#include <limits>

namespace recscope::core::detail::kernels {

namespace {

/// The research code's bucket of |Δ| ≥ 1, in double as the model's hstuTimeBuckets computes it.
int exactBucket(std::uint64_t a)
{
    const double v = std::floor(std::log(double(a)) / 0.301);
    return v < 0 ? 0 : v > TimeBucketTable::last ? TimeBucketTable::last : int(v);
}

TimeBucketTable makeTable()
{
    TimeBucketTable t;
    for (int b = 1; b <= TimeBucketTable::last; ++b) {
        // Start from e^(0.301 b) and step to the smallest integer the formula puts at b or above.
        auto g = std::uint64_t(std::ceil(std::exp(0.301 * b)));
        while (g > 1 && exactBucket(g - 1) >= b)
            --g;
        while (exactBucket(g) < b)
            ++g;
        t.thresholds[std::size_t(b)] = g;
    }
    for (int b = TimeBucketTable::last + 1; b < int(t.thresholds.size()); ++b)
        t.thresholds[std::size_t(b)] = std::numeric_limits<std::uint64_t>::max();
    for (int k = 0; k < 64; ++k)
        t.bucketOfPowerOfTwo[std::size_t(k)] = std::uint8_t(exactBucket(std::uint64_t(1) << k));
    return t;
}

} // namespace

const TimeBucketTable &timeBucketTable()
{
    static const TimeBucketTable table = makeTable();
    return table;
}

} // namespace recscope::core::detail::kernels
