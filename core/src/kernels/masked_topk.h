// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <ATen/core/Tensor.h>

namespace recscope::core::detail {

/// A ranked list per user, best first.
struct TopK
{
    at::Tensor scores; ///< [B, K] float
    at::Tensor items;  ///< [B, K] int64
};

/// Full-ranking scoring with masked top-K, fused: the K items with the highest users · itemsᵀ per
/// user, skipping the user's masked items (CSR: maskOffsets [B + 1] int64, maskItems [M] int64
/// strictly ascending within a user), without a users × items matrix — memory O(B · K) beyond the
/// item table and one tile of scores. Ties go to the lower item id. Masked items score −∞ and
/// appear only when fewer than K items are left. CPU here, CUDA when its kernels are loaded.
/// blockItems: items per tile; 0 takes the variant tuned for this device, or the default.
RS_CORE_TEST_EXPORT TopK maskedTopK(const at::Tensor &users,
                                    const at::Tensor &items,
                                    const at::Tensor &maskOffsets,
                                    const at::Tensor &maskItems,
                                    std::int64_t k,
                                    std::int64_t blockItems = 0);

/// The same from LibTorch ops: the [B, I] score matrix, −∞ written at the masked items, topk.
RS_CORE_TEST_EXPORT TopK maskedTopKReference(const at::Tensor &users,
                                             const at::Tensor &items,
                                             const at::Tensor &maskOffsets,
                                             const at::Tensor &maskItems,
                                             std::int64_t k);

/// Whether maskedTopK has a kernel for this device (see fusedAttentionAvailable).
RS_CORE_TEST_EXPORT bool fusedTopKAvailable(const at::Tensor &like);

} // namespace recscope::core::detail
