// SPDX-License-Identifier: MIT
// CUDA implementation of recscope::masked_topk (kernels/masked_topk.h), and the name of a CUDA
// device for the tuner's cache key. The item table is scored in tiles with cuBLAS into one
// reused [B, tile] buffer, the tile's masked items are set to −∞, and a running [B, K] list is
// merged with the tile's own top K — memory O(B · (tile + K)), never users × items.
// Simplification: ties are ordered as torch::topk orders them on the GPU (not by item id).
#include <ATen/ATen.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime.h>
#include <torch/library.h>

#include <limits>

namespace recscope::core::detail::kernels {

namespace {

std::tuple<at::Tensor, at::Tensor> maskedTopKCuda(const at::Tensor &usersIn,
                                                  const at::Tensor &itemsIn,
                                                  const at::Tensor &maskOffsets,
                                                  const at::Tensor &maskItems,
                                                  std::int64_t k,
                                                  std::int64_t blockItems)
{
    const c10::cuda::CUDAGuard guard(usersIn.device());
    const auto users = usersIn.contiguous(), items = itemsIn.contiguous();
    const std::int64_t b = users.size(0), numItems = items.size(0);
    const std::int64_t tile = std::clamp<std::int64_t>(blockItems,
                                                       std::max<std::int64_t>(k, 64),
                                                       std::max<std::int64_t>(64, numItems));
    // Each masked (row, item) pair, found once; a tile takes the pairs inside it.
    const auto counts = maskOffsets.slice(0, 1) - maskOffsets.slice(0, 0, -1);
    const auto rows = at::arange(b, maskOffsets.options()).repeat_interleave(counts);
    at::Tensor best, bestItems; // the first tile's top K, then merged with each next tile's
    auto scores = at::empty({b, std::min(tile, numItems)}, users.options());
    const auto minusInf
        = at::scalar_tensor(-std::numeric_limits<float>::infinity(), users.options());
    for (std::int64_t first = 0; first < numItems; first += tile) {
        const std::int64_t width = std::min(tile, numItems - first);
        auto block = width == scores.size(1)
                         ? at::mm_out(scores, users, items.narrow(0, first, width).t())
                         : at::mm(users, items.narrow(0, first, width).t());
        const auto inside = maskItems.ge(first).logical_and(maskItems.lt(first + width));
        if (maskItems.numel() > 0)
            block.index_put_({rows.masked_select(inside), maskItems.masked_select(inside) - first},
                             minusInf);
        auto [s, i] = block.topk(std::min(k, width), 1);
        if (!best.defined()) { // the first tile holds at least k items (tile ≥ k, k ≤ numItems)
            best = s, bestItems = i + first;
            continue;
        }
        auto merged = at::cat({best, s}, 1);
        auto mergedItems = at::cat({bestItems, i + first}, 1);
        auto [top, order] = merged.topk(k, 1);
        best = top, bestItems = mergedItems.gather(1, order);
    }
    return {best.to(usersIn.scalar_type()), bestItems};
}

} // namespace

} // namespace recscope::core::detail::kernels

/// The CUDA device's name (looked up by the engine with dlsym, kernels/kernel_library.h).
extern "C" __attribute__((visibility("default"))) const char *recscope_cuda_device_name(int index)
{
    static thread_local cudaDeviceProp props;
    return cudaGetDeviceProperties(&props, index) == cudaSuccess ? props.name : nullptr;
}

TORCH_LIBRARY_IMPL(recscope, CUDA, m)
{
    m.impl("masked_topk", &recscope::core::detail::kernels::maskedTopKCuda);
}
