// SPDX-License-Identifier: MIT
#include "kernels/masked_topk.h"

#include "kernels/kernel_library.h"
#include "kernels/kernel_tuner.h"
#include "kernels/masked_topk_cpu.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/topk.h>

#include <limits>

namespace recscope::core::detail {

TopK maskedTopK(const at::Tensor &users,
                const at::Tensor &items,
                const at::Tensor &maskOffsets,
                const at::Tensor &maskItems,
                std::int64_t k,
                std::int64_t blockItems)
{
    kernels::checkTopKArgs(users, items, maskOffsets, maskItems, k); // for every device's kernel
    if (users.is_cuda())
        kernels::loadCudaKernels();
    static auto op = c10::Dispatcher::singleton()
                         .findSchemaOrThrow("recscope::masked_topk", "")
                         .typed<std::tuple<at::Tensor, at::Tensor>(const at::Tensor &,
                                                                   const at::Tensor &,
                                                                   const at::Tensor &,
                                                                   const at::Tensor &,
                                                                   std::int64_t,
                                                                   std::int64_t)>();
    auto [scores, ids]
        = op.call(users,
                  items,
                  maskOffsets,
                  maskItems,
                  k,
                  blockItems > 0 ? blockItems : kernels::topKItemTile(users, users.size(1)));
    return {scores, ids};
}

TopK maskedTopKReference(const at::Tensor &users,
                         const at::Tensor &items,
                         const at::Tensor &maskOffsets,
                         const at::Tensor &maskItems,
                         std::int64_t k)
{
    kernels::checkTopKArgs(users, items, maskOffsets, maskItems, k);
    auto scores = at::mm(users, items.t());
    auto counts
        = (maskOffsets.narrow(0, 1, users.size(0)) - maskOffsets.narrow(0, 0, users.size(0)));
    auto rows = at::arange(users.size(0), maskOffsets.options()).repeat_interleave(counts);
    scores.index_put_({rows, maskItems}, -std::numeric_limits<float>::infinity());
    auto [values, indices] = at::topk(scores, k, 1);
    return {values, indices};
}

bool fusedTopKAvailable(const at::Tensor &like)
{
    if (kernels::referenceKernelsForced())
        return false;
    return like.is_cpu() || (like.is_cuda() && kernels::cudaKernelsLoaded());
}

} // namespace recscope::core::detail
