// SPDX-License-Identifier: MIT
#include "kernels/masked_topk_cpu.h"

#include "kernels/cpu_math.h"

#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/mm.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace recscope::core::detail::kernels {

namespace {

using i64 = std::int64_t;

struct Entry
{
    float score;
    i64 item;
};

/// a ranks before b: higher score, then the lower item id (a deterministic tie order).
bool ranksBefore(const Entry &a, const Entry &b)
{
    return a.score > b.score || (a.score == b.score && a.item < b.item);
}

/// A user's best K so far as a heap whose front is the worst of them.
struct RunningTopK
{
    std::vector<Entry> heap;

    void offer(float score, i64 item, i64 k)
    {
        if (i64(heap.size()) < k) {
            heap.push_back({score, item});
            std::push_heap(heap.begin(), heap.end(), ranksBefore);
        } else if (score > heap.front().score) { // later ids lose ties: strictly better only
            std::pop_heap(heap.begin(), heap.end(), ranksBefore);
            heap.back() = {score, item};
            std::push_heap(heap.begin(), heap.end(), ranksBefore);
        }
    }
};

/// Scores of one tile for one user: masks its items, then offers what beats the current worst.
/// Blocks of 64 are first counted branch-free (vectorised), so most are skipped in a few cycles.
RS_KERNEL_CLONES void scanTile(float *row,
                               i64 width,
                               i64 first,
                               const i64 *mask,
                               i64 &maskAt,
                               i64 maskEnd,
                               RunningTopK &top,
                               i64 k)
{
    const i64 last = first + width;
    for (; maskAt < maskEnd && mask[maskAt] < last; ++maskAt)
        if (mask[maskAt] >= first)
            row[mask[maskAt] - first] = -std::numeric_limits<float>::infinity();
    i64 j = 0;
    for (; j < width && i64(top.heap.size()) < k; ++j)
        top.offer(row[j], first + j, k);
    for (; j < width; j += 64) {
        const i64 end = std::min(width, j + 64);
        const float worst = top.heap.front().score;
        int above = 0;
        for (i64 c = j; c < end; ++c)
            above += row[c] > worst;
        if (above)
            for (i64 c = j; c < end; ++c)
                if (row[c] > top.heap.front().score)
                    top.offer(row[c], first + c, k);
    }
}

} // namespace

void checkTopKArgs(const at::Tensor &users,
                   const at::Tensor &items,
                   const at::Tensor &maskOffsets,
                   const at::Tensor &maskItems,
                   std::int64_t k)
{
    TORCH_CHECK(users.dim() == 2 && items.dim() == 2 && users.size(1) == items.size(1),
                "masked_topk: users [B, d] and items [I, d] must share d; got ",
                users.sizes(),
                " and ",
                items.sizes());
    TORCH_CHECK(users.scalar_type() == items.scalar_type(),
                "masked_topk: users and items must share one dtype");
    TORCH_CHECK(users.device() == items.device() && maskOffsets.device() == users.device()
                    && maskItems.device() == users.device(),
                "masked_topk: every argument must be on one device");
    TORCH_CHECK(k >= 1 && k <= items.size(0),
                "masked_topk: k = ",
                k,
                " must be in [1, ",
                items.size(0),
                "]");
    TORCH_CHECK(maskOffsets.dim() == 1 && maskOffsets.size(0) == users.size(0) + 1
                    && maskOffsets.scalar_type() == at::kLong,
                "masked_topk: mask_offsets must be int64 [B + 1]");
    TORCH_CHECK(maskItems.dim() == 1 && maskItems.scalar_type() == at::kLong,
                "masked_topk: mask_items must be int64 [M]");
    const auto off = maskOffsets.to(at::kCPU).contiguous();
    const auto ids = maskItems.to(at::kCPU).contiguous();
    const i64 *o = off.data_ptr<i64>(), *m = ids.data_ptr<i64>(), userCount = users.size(0);
    TORCH_CHECK(o[0] == 0 && o[userCount] == ids.size(0),
                "masked_topk: mask_offsets run from ",
                o[0],
                " to ",
                o[userCount],
                ", not from 0 to M = ",
                ids.size(0));
    for (i64 u = 0; u < userCount; ++u) {
        TORCH_CHECK(o[u + 1] >= o[u], "masked_topk: mask_offsets decrease at user ", u);
        for (i64 e = o[u]; e < o[u + 1]; ++e) {
            TORCH_CHECK(m[e] >= 0 && m[e] < items.size(0),
                        "masked_topk: user ",
                        u,
                        " masks item ",
                        m[e],
                        ", outside [0, ",
                        items.size(0),
                        ")");
            TORCH_CHECK(e == o[u] || m[e] > m[e - 1],
                        "masked_topk: user ",
                        u,
                        "'s masked items are not strictly ascending");
        }
    }
}

std::tuple<at::Tensor, at::Tensor> maskedTopKCpu(const at::Tensor &usersIn,
                                                 const at::Tensor &itemsIn,
                                                 const at::Tensor &maskOffsets,
                                                 const at::Tensor &maskItems,
                                                 std::int64_t k,
                                                 std::int64_t blockItems)
{
    checkTopKArgs(usersIn, itemsIn, maskOffsets, maskItems, k);
    const auto users = usersIn.to(at::kFloat).contiguous();
    const auto items = itemsIn.to(at::kFloat).contiguous();
    const auto offsets = maskOffsets.contiguous(), masked = maskItems.contiguous();
    const i64 *off = offsets.data_ptr<i64>(), *mask = masked.data_ptr<i64>();
    const i64 b = users.size(0), numItems = items.size(0);
    const i64 tile = std::clamp<i64>(blockItems, 64, std::max<i64>(64, numItems));
    std::vector<RunningTopK> tops(static_cast<std::size_t>(b));
    // Each thread takes a block of users through the whole catalogue: its own product per tile
    // (BLAS runs single-threaded inside the parallel region) into its own buffer, then the scan.
    // One parallel region for the call: alternating BLAS's threads with ATen's per tile ran
    // 2.5x slower in some runs here.
    const i64 chunks = std::min<i64>(b, at::get_num_threads());
    at::parallel_for(0, chunks, 1, [&](i64 c0, i64 c1) {
        for (i64 c = c0; c < c1; ++c) {
            const i64 u0 = b * c / chunks, u1 = b * (c + 1) / chunks;
            const auto mine = users.narrow(0, u0, u1 - u0);
            auto scores = at::empty({u1 - u0, std::min(tile, numItems)}, users.options());
            std::vector<i64> maskAt(off + u0, off + u1);
            for (i64 first = 0; first < numItems; first += tile) {
                const i64 width = std::min(tile, numItems - first);
                const auto tileItems = items.narrow(0, first, width).t();
                // The last, narrower tile gets a buffer of its own.
                auto block = width == scores.size(1) ? at::mm_out(scores, mine, tileItems)
                                                     : at::mm(mine, tileItems);
                float *base = block.data_ptr<float>();
                for (i64 u = u0; u < u1; ++u)
                    scanTile(base + (u - u0) * block.stride(0),
                             width,
                             first,
                             mask,
                             maskAt[std::size_t(u - u0)],
                             off[u + 1],
                             tops[std::size_t(u)],
                             k);
            }
        }
    });
    auto bestScores = at::empty({b, k}, users.options());
    auto bestItems = at::empty({b, k}, users.options().dtype(at::kLong));
    float *s = bestScores.data_ptr<float>();
    i64 *ids = bestItems.data_ptr<i64>();
    for (i64 u = 0; u < b; ++u) {
        auto &heap = tops[std::size_t(u)].heap;
        std::sort_heap(heap.begin(), heap.end(), ranksBefore); // best first
        for (i64 r = 0; r < k; ++r)
            s[u * k + r] = heap[std::size_t(r)].score, ids[u * k + r] = heap[std::size_t(r)].item;
    }
    return {bestScores.to(usersIn.scalar_type()), bestItems};
}

} // namespace recscope::core::detail::kernels
