// SPDX-License-Identifier: MIT
#pragma once
// Small float helpers the CPU kernels inline into their tile loops. They use plain arithmetic
// and bit casts only, so GCC and Clang vectorise the loops that call them (glibc's vector expf
// is declared only under -ffast-math, which this project does not use).

#include <algorithm>
#include <bit>
#include <cstdint>

// Each tile function is compiled twice on x86-64 (AVX2 + FMA, and the baseline) and picked at
// load time by the CPU it runs on; elsewhere once for the baseline.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__)
#define RS_KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define RS_KERNEL_CLONES
#endif

namespace recscope::core::detail::kernels {

/// e^x for x in float range (Cephes expf: Cody–Waite reduction by ln 2, degree-5 polynomial;
/// about 1 ulp on [−87, 88], saturating outside).
inline float expApprox(float x)
{
    x = x < -87.0f ? -87.0f : x; // selects on values, not std::clamp's references: vectorised
    x = x > 88.0f ? 88.0f : x;
    const float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const auto scale = std::bit_cast<float>(std::int32_t(std::int32_t(n) + 127) << 23);
    return p * scale;
}

/// Eight floats in a vector register (GCC/Clang vector extension; two SSE registers in the
/// baseline clone). Explicit, because the auto-vectoriser does not keep a register-blocked tile
/// in registers.
using Floats8 = float __attribute__((vector_size(32)));

inline Floats8 load8(const float *p)
{
    Floats8 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

inline void store8(float *p, Floats8 v)
{
    __builtin_memcpy(p, &v, sizeof v);
}

inline float sigmoid(float x)
{
    return 1.0f / (1.0f + expApprox(-x));
}

/// y += a·x over n floats.
inline void axpy(float *__restrict y, const float *__restrict x, float a, std::int64_t n)
{
    for (std::int64_t c = 0; c < n; ++c)
        y[c] += a * x[c];
}

} // namespace recscope::core::detail::kernels
