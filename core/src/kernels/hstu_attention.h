// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <ATen/core/Tensor.h>

namespace recscope::core::detail {

/// HSTU's pointwise attention over jagged sequences (Zhai et al., ICML 2024, Eq. 2; the fused
/// kernels of generative-recommenders ops/triton/triton_hstu_attention.py): for each sequence b
/// with rows offsets[b] .. offsets[b+1] and local positions i (query), j (key),
///   A_ij = SiLU(α q_i·k_j + w[N_max − 1 + j − i] + r[bucket(t'_i − t_j)]) / divisor · m_ij,
///   out_i = Σ_j A_ij v_j,
/// with m_ij = 1 when j = i, or j < i and j is history (j < len − numTargets[b]): candidates see
/// the history and themselves, not each other (pt_hstu_attention.py's valid mask). bucket() is the
/// research code's ⌊ln(max(|Δ|, 1)) / 0.301⌋ clamped to [0, 128].
struct HstuAttentionInputs
{
    at::Tensor q, k;         ///< [L, H, d_qk] float32 (CPU) or float32/bf16/fp16 (CUDA)
    at::Tensor v;            ///< [L, H, d_v], same dtype
    at::Tensor offsets;      ///< [B + 1] int64, offsets[0] = 0, offsets[B] = L
    at::Tensor times;        ///< [L] int64 t_j, or undefined (no time bias)
    at::Tensor nextTimes;    ///< [L] int64 t'_i: the time of the item query i predicts
    at::Tensor positionBias; ///< [2 N_max − 1] w, or undefined
    at::Tensor timeBias;     ///< [129] r, or undefined (with times)
    at::Tensor numTargets;   ///< [B] int64, or undefined (all history: causal)
    double alpha = 1.0;      ///< scale of q·k
    double divisor = 1.0;    ///< N of the research code (the padded length)
    /// Tile sizes (16, 32, 64 or 128); 0: the variant tuned for this device, or the default.
    std::int64_t blockQueries = 0, blockKeys = 0;
};

/// The fused kernel (CPU here, CUDA when its kernels are loaded), differentiable in q, k, v and
/// both bias tables; never holds an L × L or N × N matrix: backward recomputes A tile by tile.
RS_CORE_TEST_EXPORT at::Tensor hstuAttention(const HstuAttentionInputs &in);

/// The same function from LibTorch ops over a padded [B, H, N, N] batch: the reference the
/// fused kernel is tested and benchmarked against.
RS_CORE_TEST_EXPORT at::Tensor hstuAttentionReference(const HstuAttentionInputs &in);

/// The research code's time bucket ⌊ln(max(|Δ|, 1)) / 0.301⌋ clamped to [0, 128], elementwise.
RS_CORE_TEST_EXPORT at::Tensor hstuTimeBuckets(const at::Tensor &deltaSeconds);

/// Whether hstuAttention has a kernel for tensors like this one (CPU: float32; CUDA: heads up to
/// 128 wide, up to 65,535 sequences, and the CUDA kernels library loaded), and RECSCOPE_KERNELS
/// is not "reference".
RS_CORE_TEST_EXPORT bool fusedAttentionAvailable(const at::Tensor &like,
                                                 std::int64_t headDim = 0,
                                                 std::int64_t sequences = 0);

} // namespace recscope::core::detail
