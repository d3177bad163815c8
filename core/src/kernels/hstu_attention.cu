// SPDX-License-Identifier: MIT
// CUDA kernels of HSTU's pointwise attention (kernels/hstu_attention.h says what they compute),
// with the CPU kernel's loop structure: a block per (query tile, head, sequence), keys visited
// tile by tile through shared memory only inside the sequence and up to the diagonal, float32
// accumulation for float32, bf16 and fp16 inputs; backward recomputes the weights (one kernel
// for dQ and the bias gradients over query rows, one for dK and dV over key rows). The bias
// gradients are summed with atomics, so on CUDA they vary in the last bits from run to run.
// Simplification: one thread per row with its head vector in registers; no tensor cores
// (FlashAttention-3-style warp specialisation is the production kernel's, not ours).
#include "kernels/time_buckets.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime.h>
#include <torch/library.h>

namespace recscope::core::detail::kernels {

namespace {

using i64 = std::int64_t;
using OptionalTensor = c10::optional<at::Tensor>;

struct TimeTable
{
    unsigned long long thresholds[TimeBucketTable::last + 4];
    unsigned char powerOfTwo[64];
};

__device__ int timeBucket(const TimeTable &t, i64 delta)
{
    // |INT64_MIN| counts as 1, as LibTorch's abs() (it wraps) then clamp_min(1) make it.
    const unsigned long long a = delta == 0 || delta == (-9223372036854775807ll - 1) ? 1ull
                                 : delta < 0 ? 0ull - (unsigned long long)delta
                                             : (unsigned long long)delta;
    const int b = t.powerOfTwo[63 - __clzll((long long)a)];
    return b + int(a >= t.thresholds[b + 1]) + int(a >= t.thresholds[b + 2])
           + int(a >= t.thresholds[b + 3]);
}

struct Args
{
    const i64 *offsets, *times, *nextTimes, *numTargets;
    const float *positionBias, *timeBias;
    i64 heads, dqk, dv, biasCentre;
    float alpha, invDivisor;
    TimeTable table;
};

struct Row
{
    i64 start, len, history;
};

__device__ Row rowOf(const Args &a, i64 b)
{
    const i64 start = a.offsets[b], len = a.offsets[b + 1] - start;
    i64 targets = a.numTargets ? a.numTargets[b] : 0;
    targets = targets < 0 ? 0 : targets > len ? len : targets;
    return {start, len, len - targets};
}

/// s = α q·k + biases of pair (i, j) of one sequence, and whether the pair is kept.
__device__ bool
pairScore(const Args &a, const Row &r, i64 i, i64 j, float dot, float &s, int &bucket)
{
    if (!(j == i || (j < i && j < r.history)))
        return false;
    s = a.alpha * dot;
    if (a.positionBias)
        s += a.positionBias[a.biasCentre + j - i];
    bucket = 0;
    if (a.times) {
        bucket = timeBucket(a.table,
                            i64((unsigned long long)a.nextTimes[r.start + i]
                                - (unsigned long long)a.times[r.start + j]));
        s += a.timeBias[bucket];
    }
    return true;
}

__device__ float sigmoidf(float x)
{
    return 1.0f / (1.0f + __expf(-x));
}

template<typename T, int D>
__global__ void forwardKernel(Args a, const T *q, const T *k, const T *v, T *out, int blockKeys)
{
    extern __shared__ float tile[]; // keys [blockKeys][dqk], values [blockKeys][dv]
    const i64 b = blockIdx.z, h = blockIdx.y;
    const Row r = rowOf(a, b);
    const i64 i = i64(blockIdx.x) * blockDim.x + threadIdx.x;
    const i64 firstQuery = i64(blockIdx.x) * blockDim.x;
    if (firstQuery >= r.len)
        return;
    float qi[D], acc[D];
    const bool active = i < r.len;
    for (int c = 0; c < D; ++c) {
        qi[c] = active && c < a.dqk ? float(q[((r.start + i) * a.heads + h) * a.dqk + c]) : 0.0f;
        acc[c] = 0.0f;
    }
    const i64 lastKey = min(r.len, firstQuery + i64(blockDim.x)); // causal: up to the tile's end
    float *ks = tile, *vs = tile + blockKeys * a.dqk;
    for (i64 j0 = 0; j0 < lastKey; j0 += blockKeys) {
        const int n = int(min(i64(blockKeys), lastKey - j0));
        __syncthreads();
        for (int e = threadIdx.x; e < n * a.dqk; e += blockDim.x)
            ks[e] = float(k[((r.start + j0 + e / a.dqk) * a.heads + h) * a.dqk + e % a.dqk]);
        for (int e = threadIdx.x; e < n * a.dv; e += blockDim.x)
            vs[e] = float(v[((r.start + j0 + e / a.dv) * a.heads + h) * a.dv + e % a.dv]);
        __syncthreads();
        if (!active)
            continue;
        for (int jj = 0; jj < n; ++jj) {
            float dot = 0;
            for (int c = 0; c < D; ++c)
                dot += c < a.dqk ? qi[c] * ks[jj * a.dqk + c] : 0.0f;
            float s;
            int bucket;
            if (!pairScore(a, r, i, j0 + jj, dot, s, bucket))
                continue;
            const float w = s * sigmoidf(s) * a.invDivisor;
            for (int c = 0; c < D; ++c)
                if (c < a.dv)
                    acc[c] += w * vs[jj * a.dv + c];
        }
    }
    if (active)
        for (int c = 0; c < a.dv && c < D; ++c)
            out[((r.start + i) * a.heads + h) * a.dv + c] = T(acc[c]);
}

/// dQ for one query row per thread, and the bias gradients (atomics).
template<typename T, int D>
__global__ void backwardQueryKernel(Args a,
                                    const T *q,
                                    const T *k,
                                    const T *v,
                                    const T *dout,
                                    float *dq,
                                    float *dpb,
                                    float *dtb,
                                    int blockKeys)
{
    extern __shared__ float tile[];
    __shared__ float timeGrad[TimeBucketTable::last + 1];
    const i64 b = blockIdx.z, h = blockIdx.y;
    const Row r = rowOf(a, b);
    const i64 firstQuery = i64(blockIdx.x) * blockDim.x, i = firstQuery + threadIdx.x;
    if (firstQuery >= r.len)
        return;
    for (int e = threadIdx.x; e <= TimeBucketTable::last; e += blockDim.x)
        timeGrad[e] = 0;
    const bool active = i < r.len;
    float qi[D], gi[D], dqi[D];
    for (int c = 0; c < D; ++c) {
        qi[c] = active && c < a.dqk ? float(q[((r.start + i) * a.heads + h) * a.dqk + c]) : 0.0f;
        gi[c] = active && c < a.dv ? float(dout[((r.start + i) * a.heads + h) * a.dv + c]) : 0.0f;
        dqi[c] = 0;
    }
    const i64 lastKey = min(r.len, firstQuery + i64(blockDim.x));
    float *ks = tile, *vs = tile + blockKeys * a.dqk;
    for (i64 j0 = 0; j0 < lastKey; j0 += blockKeys) {
        const int n = int(min(i64(blockKeys), lastKey - j0));
        __syncthreads();
        for (int e = threadIdx.x; e < n * a.dqk; e += blockDim.x)
            ks[e] = float(k[((r.start + j0 + e / a.dqk) * a.heads + h) * a.dqk + e % a.dqk]);
        for (int e = threadIdx.x; e < n * a.dv; e += blockDim.x)
            vs[e] = float(v[((r.start + j0 + e / a.dv) * a.heads + h) * a.dv + e % a.dv]);
        __syncthreads();
        if (!active)
            continue;
        for (int jj = 0; jj < n; ++jj) {
            float dot = 0, da = 0;
            for (int c = 0; c < D; ++c) {
                dot += c < a.dqk ? qi[c] * ks[jj * a.dqk + c] : 0.0f;
                da += c < a.dv ? gi[c] * vs[jj * a.dv + c] : 0.0f;
            }
            float s;
            int bucket;
            if (!pairScore(a, r, i, j0 + jj, dot, s, bucket))
                continue;
            const float sg = sigmoidf(s), ds = da * sg * (1.0f + s * (1.0f - sg)) * a.invDivisor;
            for (int c = 0; c < D; ++c)
                if (c < a.dqk)
                    dqi[c] += a.alpha * ds * ks[jj * a.dqk + c];
            if (dpb)
                atomicAdd(dpb + a.biasCentre + j0 + jj - i, ds);
            if (dtb)
                atomicAdd(timeGrad + bucket, ds);
        }
    }
    if (active)
        for (int c = 0; c < a.dqk && c < D; ++c)
            dq[((r.start + i) * a.heads + h) * a.dqk + c] = dqi[c];
    __syncthreads();
    if (dtb)
        for (int e = threadIdx.x; e <= TimeBucketTable::last; e += blockDim.x)
            if (timeGrad[e] != 0)
                atomicAdd(dtb + e, timeGrad[e]);
}

/// dK and dV for one key row per thread: the queries at or after it, tile by tile.
template<typename T, int D>
__global__ void backwardKeyKernel(Args a,
                                  const T *q,
                                  const T *k,
                                  const T *v,
                                  const T *dout,
                                  float *dk,
                                  float *dv,
                                  int blockQueries)
{
    extern __shared__ float tile[]; // queries [blockQueries][dqk], their dO [blockQueries][dv]
    const i64 b = blockIdx.z, h = blockIdx.y;
    const Row r = rowOf(a, b);
    const i64 firstKey = i64(blockIdx.x) * blockDim.x, j = firstKey + threadIdx.x;
    if (firstKey >= r.len)
        return;
    const bool active = j < r.len;
    float kj[D], vj[D], dkj[D], dvj[D];
    for (int c = 0; c < D; ++c) {
        kj[c] = active && c < a.dqk ? float(k[((r.start + j) * a.heads + h) * a.dqk + c]) : 0.0f;
        vj[c] = active && c < a.dv ? float(v[((r.start + j) * a.heads + h) * a.dv + c]) : 0.0f;
        dkj[c] = dvj[c] = 0;
    }
    float *qs = tile, *gs = tile + blockQueries * a.dqk;
    for (i64 i0 = firstKey; i0 < r.len; i0 += blockQueries) {
        const int m = int(min(i64(blockQueries), r.len - i0));
        __syncthreads();
        for (int e = threadIdx.x; e < m * a.dqk; e += blockDim.x)
            qs[e] = float(q[((r.start + i0 + e / a.dqk) * a.heads + h) * a.dqk + e % a.dqk]);
        for (int e = threadIdx.x; e < m * a.dv; e += blockDim.x)
            gs[e] = float(dout[((r.start + i0 + e / a.dv) * a.heads + h) * a.dv + e % a.dv]);
        __syncthreads();
        if (!active)
            continue;
        for (int ii = 0; ii < m; ++ii) {
            float dot = 0, da = 0;
            for (int c = 0; c < D; ++c) {
                dot += c < a.dqk ? qs[ii * a.dqk + c] * kj[c] : 0.0f;
                da += c < a.dv ? gs[ii * a.dv + c] * vj[c] : 0.0f;
            }
            float s;
            int bucket;
            if (!pairScore(a, r, i0 + ii, j, dot, s, bucket))
                continue;
            const float sg = sigmoidf(s), w = s * sg * a.invDivisor;
            const float ds = da * sg * (1.0f + s * (1.0f - sg)) * a.invDivisor;
            for (int c = 0; c < D; ++c) {
                if (c < a.dv)
                    dvj[c] += w * gs[ii * a.dv + c];
                if (c < a.dqk)
                    dkj[c] += a.alpha * ds * qs[ii * a.dqk + c];
            }
        }
    }
    if (active) {
        for (int c = 0; c < a.dqk && c < D; ++c)
            dk[((r.start + j) * a.heads + h) * a.dqk + c] = dkj[c];
        for (int c = 0; c < a.dv && c < D; ++c)
            dv[((r.start + j) * a.heads + h) * a.dv + c] = dvj[c];
    }
}

Args argsOf(const at::Tensor &q,
            const at::Tensor &v,
            const at::Tensor &offsets,
            const OptionalTensor &times,
            const OptionalTensor &nextTimes,
            const OptionalTensor &positionBias,
            const OptionalTensor &timeBias,
            const OptionalTensor &numTargets,
            double alpha,
            double divisor)
{
    Args a{};
    a.offsets = offsets.data_ptr<i64>();
    if (times) {
        a.times = times->data_ptr<i64>(), a.nextTimes = nextTimes->data_ptr<i64>();
        a.timeBias = timeBias->data_ptr<float>();
    }
    if (positionBias)
        a.positionBias = positionBias->data_ptr<float>(),
        a.biasCentre = (positionBias->size(0) - 1) / 2;
    if (numTargets)
        a.numTargets = numTargets->data_ptr<i64>();
    a.heads = q.size(1), a.dqk = q.size(2), a.dv = v.size(2);
    a.alpha = float(alpha), a.invDivisor = float(1.0 / divisor);
    const auto &t = timeBucketTable();
    for (int e = 0; e < TimeBucketTable::last + 4; ++e)
        a.table.thresholds[e] = t.thresholds[std::size_t(e)];
    for (int e = 0; e < 64; ++e)
        a.table.powerOfTwo[e] = t.bucketOfPowerOfTwo[std::size_t(e)];
    return a;
}

i64 longestOf(const at::Tensor &offsets)
{
    const auto o = offsets.to(at::kCPU);
    return (o.slice(0, 1) - o.slice(0, 0, -1)).max().item<i64>();
}

/// Calls fn.template operator()<D>() for the smallest supported D ≥ d.
template<typename Fn>
void withHeadDim(i64 d, Fn &&fn)
{
    TORCH_CHECK(d <= 128, "hstu_attention (CUDA): head sizes up to 128, not ", d);
    if (d <= 32)
        fn.template operator()<32>();
    else if (d <= 64)
        fn.template operator()<64>();
    else
        fn.template operator()<128>();
}

int threadsOf(std::int64_t tile)
{
    return int(std::clamp<std::int64_t>(tile, 16, 128));
}

/// The key (or query) tile staged in shared memory, halved until it fits the 48 KiB every device
/// gives without opting in (1 KiB is left for the backward kernel's own table).
int sharedTile(std::int64_t tile, std::int64_t dqk, std::int64_t dv)
{
    auto bytes = [&](int t) { return std::size_t(t) * std::size_t(dqk + dv) * sizeof(float); };
    int t = threadsOf(tile);
    while (t > 16 && bytes(t) > 47 * 1024)
        t /= 2;
    TORCH_CHECK(bytes(t) <= 47 * 1024,
                "hstu_attention (CUDA): head sizes ",
                dqk,
                " + ",
                dv,
                " do not fit shared memory");
    return t;
}

at::Tensor forwardCuda(const at::Tensor &q,
                       const at::Tensor &k,
                       const at::Tensor &v,
                       const at::Tensor &offsets,
                       const OptionalTensor &times,
                       const OptionalTensor &nextTimes,
                       const OptionalTensor &positionBias,
                       const OptionalTensor &timeBias,
                       const OptionalTensor &numTargets,
                       double alpha,
                       double divisor,
                       std::int64_t blockM,
                       std::int64_t blockN)
{
    const c10::cuda::CUDAGuard guard(q.device());
    auto out = at::zeros({q.size(0), q.size(1), v.size(2)}, q.options());
    const i64 batch = offsets.size(0) - 1, longest = batch > 0 ? longestOf(offsets) : 0;
    if (longest == 0)
        return out;
    const auto a = argsOf(
        q, v, offsets, times, nextTimes, positionBias, timeBias, numTargets, alpha, divisor);
    const int threads = threadsOf(blockM), keys = sharedTile(blockN, a.dqk, a.dv);
    const dim3 grid(unsigned((longest + threads - 1) / threads),
                    unsigned(q.size(1)),
                    unsigned(batch));
    const std::size_t shared = std::size_t(keys) * std::size_t(a.dqk + a.dv) * sizeof(float);
    AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, q.scalar_type(), "hstu_fwd", [&] {
        withHeadDim(std::max(a.dqk, a.dv), [&]<int D>() {
            forwardKernel<scalar_t, D><<<grid, threads, shared, at::cuda::getCurrentCUDAStream()>>>(
                a,
                q.data_ptr<scalar_t>(),
                k.data_ptr<scalar_t>(),
                v.data_ptr<scalar_t>(),
                out.data_ptr<scalar_t>(),
                keys);
        });
    });
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}

std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>
backwardCuda(const at::Tensor &grad,
             const at::Tensor &q,
             const at::Tensor &k,
             const at::Tensor &v,
             const at::Tensor &offsets,
             const OptionalTensor &times,
             const OptionalTensor &nextTimes,
             const OptionalTensor &positionBias,
             const OptionalTensor &timeBias,
             const OptionalTensor &numTargets,
             double alpha,
             double divisor,
             std::int64_t blockM,
             std::int64_t blockN)
{
    const c10::cuda::CUDAGuard guard(q.device());
    const auto f32 = q.options().dtype(at::kFloat);
    auto dq = at::zeros(q.sizes(), f32), dk = at::zeros(k.sizes(), f32),
         dv = at::zeros(v.sizes(), f32);
    auto dpb = at::zeros({positionBias ? positionBias->size(0) : 0}, f32);
    auto dtb = at::zeros({timeBias ? timeBias->size(0) : 0}, f32);
    const i64 batch = offsets.size(0) - 1, longest = batch > 0 ? longestOf(offsets) : 0;
    if (longest > 0) {
        const auto a = argsOf(
            q, v, offsets, times, nextTimes, positionBias, timeBias, numTargets, alpha, divisor);
        const auto dout = grad.to(q.scalar_type()).contiguous();
        const int threads = threadsOf(blockM), tile = sharedTile(blockN, a.dqk, a.dv);
        const dim3 grid(unsigned((longest + threads - 1) / threads),
                        unsigned(q.size(1)),
                        unsigned(batch));
        const std::size_t shared = std::size_t(tile) * std::size_t(a.dqk + a.dv) * sizeof(float);
        const auto stream = at::cuda::getCurrentCUDAStream();
        AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, q.scalar_type(), "hstu_bwd", [&] {
            withHeadDim(std::max(a.dqk, a.dv), [&]<int D>() {
                backwardQueryKernel<scalar_t, D>
                    <<<grid, threads, shared, stream>>>(a,
                                                        q.data_ptr<scalar_t>(),
                                                        k.data_ptr<scalar_t>(),
                                                        v.data_ptr<scalar_t>(),
                                                        dout.data_ptr<scalar_t>(),
                                                        dq.data_ptr<float>(),
                                                        positionBias ? dpb.data_ptr<float>()
                                                                     : nullptr,
                                                        timeBias ? dtb.data_ptr<float>() : nullptr,
                                                        tile);
                backwardKeyKernel<scalar_t, D>
                    <<<grid, threads, shared, stream>>>(a,
                                                        q.data_ptr<scalar_t>(),
                                                        k.data_ptr<scalar_t>(),
                                                        v.data_ptr<scalar_t>(),
                                                        dout.data_ptr<scalar_t>(),
                                                        dk.data_ptr<float>(),
                                                        dv.data_ptr<float>(),
                                                        tile);
            });
        });
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    }
    return {dq.to(q.scalar_type()), dk.to(k.scalar_type()), dv.to(v.scalar_type()), dpb, dtb};
}

} // namespace

} // namespace recscope::core::detail::kernels

TORCH_LIBRARY_IMPL(recscope, CUDA, m)
{
    namespace k = recscope::core::detail::kernels;
    m.impl("hstu_attention_fwd", &k::forwardCuda);
    m.impl("hstu_attention_bwd", &k::backwardCuda);
}
