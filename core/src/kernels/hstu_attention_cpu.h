// SPDX-License-Identifier: MIT
#pragma once
// The CPU kernels behind hstuAttention (kernels/hstu_attention.h): float32, tiled, threaded
// with ATen's parallel_for. Registered as the CPU implementation of recscope::hstu_attention_*.

#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>

#include <tuple>

namespace recscope::core::detail::kernels {

/// Tile sizes of one kernel variant (the tuner's search space, kernels/kernel_tuner.h).
struct AttentionTiles
{
    std::int64_t queries = 64; ///< BM: query rows per tile (16, 32, 64 or 128)
    std::int64_t keys = 64;    ///< BN: key columns per tile (16, 32, 64 or 128)
};

struct AttentionArgs
{
    const at::Tensor &q, &k, &v, &offsets;
    const c10::optional<at::Tensor> &times, &nextTimes, &positionBias, &timeBias, &numTargets;
    double alpha, divisor;
    AttentionTiles tiles;
};

at::Tensor hstuAttentionForwardCpu(const AttentionArgs &a);

/// → dq, dk, dv, d positionBias, d timeBias (the last two empty when the table is absent).
std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>
hstuAttentionBackwardCpu(const at::Tensor &gradOut, const AttentionArgs &a);

/// Checks shapes, dtypes and ranges shared by every device's kernel; throws c10::Error naming
/// the argument. Returns the longest sequence's length.
std::int64_t checkAttentionArgs(const AttentionArgs &a);

} // namespace recscope::core::detail::kernels
