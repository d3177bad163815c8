// SPDX-License-Identifier: MIT
#pragma once
// The tile arithmetic of the CPU attention kernel (kernels/hstu_attention_cpu.cpp): register-
// blocked products of small row blocks, SiLU weights and their gradient, tile transposes. Inline
// and always inlined, so each compiles inside the kernel's AVX2 and baseline clones.

#include "kernels/cpu_math.h"

#include <algorithm>
#include <cstdint>

namespace recscope::core::detail::kernels {

using i64 = std::int64_t;

/// Y[r] += scale · Σ_j A[r][j] · X[j] for R rows at once, 16 columns at a time in 2R vector
/// registers: 2R independent accumulators hide the FMA latency, and each X vector loaded serves R
/// rows. A[r][j] = a[r·ar + j·aj]; rows of X and Y at strides xs and ys; d columns.
template<int R>
[[gnu::always_inline]] inline void blockTimesRows(float *y,
                                                  i64 ys,
                                                  const float *a,
                                                  i64 ar,
                                                  i64 aj,
                                                  i64 n,
                                                  const float *x,
                                                  i64 xs,
                                                  i64 d,
                                                  float scale)
{
    i64 c0 = 0;
    for (; c0 + 16 <= d; c0 += 16) {
        Floats8 acc[R][2] = {};
        for (i64 j = 0; j < n; ++j) {
            const Floats8 x0 = load8(x + j * xs + c0), x1 = load8(x + j * xs + c0 + 8);
            for (int r = 0; r < R; ++r) {
                const float w = a[r * ar + j * aj];
                acc[r][0] += w * x0;
                acc[r][1] += w * x1;
            }
        }
        for (int r = 0; r < R; ++r) {
            store8(y + r * ys + c0, load8(y + r * ys + c0) + scale * acc[r][0]);
            store8(y + r * ys + c0 + 8, load8(y + r * ys + c0 + 8) + scale * acc[r][1]);
        }
    }
    for (; c0 < d; ++c0) // columns past the last multiple of 16
        for (int r = 0; r < R; ++r) {
            float sum = 0;
            for (i64 j = 0; j < n; ++j)
                sum += a[r * ar + j * aj] * x[j * xs + c0];
            y[r * ys + c0] += scale * sum;
        }
}

/// Y[r] += scale · Σ_j A[r][j] · X[j] for rows r < rows, four at a time: every product of the
/// kernels (Q·Kᵀ against a transposed key tile, A·V, and the four of backward) is one of these.
[[gnu::always_inline]] inline void accumulateRows(float *y,
                                                  i64 ys,
                                                  const float *a,
                                                  i64 ar,
                                                  i64 aj,
                                                  i64 rows,
                                                  i64 n,
                                                  const float *x,
                                                  i64 xs,
                                                  i64 d,
                                                  float scale = 1.0f)
{
    i64 r = 0;
    for (; r + 4 <= rows; r += 4)
        blockTimesRows<4>(y + r * ys, ys, a + r * ar, ar, aj, n, x, xs, d, scale);
    for (; r < rows; ++r)
        blockTimesRows<1>(y + r * ys, ys, a + r * ar, ar, aj, n, x, xs, d, scale);
}

/// s[r][0..BN) = bias[r] + α x_r · t[·][0..BN) for m rows x_r = x + r·xs of width d, with t a
/// transposed tile [d][BN]; bias null means zero.
[[gnu::always_inline]] inline void rowsTimesTile(const float *x,
                                                 i64 xs,
                                                 i64 m,
                                                 const float *t,
                                                 i64 d,
                                                 i64 bn,
                                                 float alpha,
                                                 const float *bias,
                                                 float *s)
{
    if (bias)
        std::copy_n(bias, m * bn, s);
    else
        std::fill_n(s, m * bn, 0.0f);
    accumulateRows(s, bn, x, xs, 1, m, d, t, bn, bn, alpha);
}

/// a = SiLU(s) · scale · keep over a tile, in place.
[[gnu::always_inline]] inline void
siluWeights(float *__restrict s, const float *__restrict keep, i64 count, float scale)
{
    for (i64 e = 0; e < count; ++e) {
        const float x = s[e];
        s[e] = x * sigmoid(x) * scale * keep[e];
    }
}

/// Backward of siluWeights: s → a in place, and dA → dS = dA · SiLU'(s) · scale · keep in place.
[[gnu::always_inline]] inline void siluWeightsAndGradient(
    float *__restrict s, float *__restrict ds, const float *__restrict keep, i64 count, float scale)
{
    for (i64 e = 0; e < count; ++e) {
        const float x = s[e], sg = sigmoid(x), kept = keep[e] * scale;
        s[e] = x * sg * kept;
        ds[e] *= sg * (1.0f + x * (1.0f - sg)) * kept;
    }
}

/// out[bucket[c]] += x[c] for c < n.
inline void addByBucket(float *out, const int *bucket, const float *x, i64 n)
{
    if (n == 0)
        return;
    int current = bucket[0];
    float sum = 0;
    for (i64 c = 0; c < n; ++c) {
        if (bucket[c] != current) {
            out[current] += sum;
            sum = 0, current = bucket[c];
        }
        sum += x[c];
    }
    out[current] += sum;
}

/// Rows [j0, j0 + n) of head h of x (width d) as a transposed tile [d][BN], zero-padded.
inline void transposeTile(const float *x, i64 heads, i64 h, i64 d, i64 j0, i64 n, i64 bn, float *t)
{
    for (i64 jj = 0; jj < bn; ++jj)
        for (i64 c = 0; c < d; ++c)
            t[c * bn + jj] = jj < n ? x[((j0 + jj) * heads + h) * d + c] : 0.0f;
}

} // namespace recscope::core::detail::kernels
