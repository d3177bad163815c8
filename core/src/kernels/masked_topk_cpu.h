// SPDX-License-Identifier: MIT
#pragma once

#include <ATen/core/Tensor.h>

#include <tuple>

namespace recscope::core::detail::kernels {

/// CPU kernel of recscope::masked_topk (kernels/masked_topk.h says what it computes): a block of
/// users per thread through the item table in tiles of blockItems rows, one BLAS product per tile
/// into the thread's buffer, the tile's masked items set to −∞, and a running top-K per user (a
/// bounded heap, entered only by scores above its worst).
std::tuple<at::Tensor, at::Tensor> maskedTopKCpu(const at::Tensor &users,
                                                 const at::Tensor &items,
                                                 const at::Tensor &maskOffsets,
                                                 const at::Tensor &maskItems,
                                                 std::int64_t k,
                                                 std::int64_t blockItems);

/// Shape, dtype and range checks shared by every device's kernel (c10::Error naming the argument).
void checkTopKArgs(const at::Tensor &users,
                   const at::Tensor &items,
                   const at::Tensor &maskOffsets,
                   const at::Tensor &maskItems,
                   std::int64_t k);

} // namespace recscope::core::detail::kernels
