// SPDX-License-Identifier: MIT
#pragma once
// RecScope's own compute kernels (fused HSTU attention, fused masked top-K) and their tuning per
// device: each kernel has a space of variants (tile sizes); the tuner measures them on this
// device for a shape bucket, keeps the fastest that still agrees with the LibTorch reference, and
// caches it in the user's cache folder, keyed by device, library versions and shape bucket.

#include "recscope/core/export.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace recscope::core {

/// One cached tuning result.
struct TunedKernel
{
    std::string kernel;          ///< "hstu_attention" or "masked_topk"
    std::string device;          ///< e.g. "cpu: AMD EPYC (2 threads)", "cuda: NVIDIA H200"
    std::string library;         ///< RecScope and LibTorch versions it was measured with
    std::string bucket;          ///< shape bucket, e.g. "d_qk<=64 n<=1024"
    std::string variant;         ///< e.g. "64x32" (query x key tile) or "4096" (items per tile)
    double seconds = 0;          ///< the variant's time on the bucket's problem
    double defaultSeconds = 0;   ///< the default variant's time
    double referenceSeconds = 0; ///< the unfused LibTorch path's time (0: not measured)
    int tried = 0;               ///< variants measured
};

struct KernelTuneOptions
{
    std::string device = "cpu"; ///< "cpu" or "cuda"
    double budgetSeconds = 20;  ///< per kernel and bucket
    bool measureReference = true;
    /// Buckets to tune; empty: the common ones (attention d_qk 64 at n ≤ 256, 1024, 4096;
    /// top-K at d ≤ 64).
    std::vector<std::string> buckets;
};

/// Where the cache lives: $RECSCOPE_KERNEL_CACHE, else $XDG_CACHE_HOME/recscope/kernels.json,
/// else ~/.cache/recscope/kernels.json.
RS_CORE_EXPORT std::string kernelCachePath();

/// Every cached result for this library version (other devices included).
RS_CORE_EXPORT std::vector<TunedKernel> listTunedKernels();

/// Tunes and caches (replacing what this device had for those buckets); returns the results.
/// Throws ConfigError for an unknown device or bucket, Cancelled when stopped.
RS_CORE_EXPORT std::vector<TunedKernel> tuneKernels(const KernelTuneOptions &options,
                                                    const std::function<void(double)> &progress
                                                    = {},
                                                    std::stop_token stop = {});

/// Removes the cache file; returns how many results it held.
RS_CORE_EXPORT int clearTunedKernels();

/// This process's devices and kernels in a few lines: which kernels run where (CPU always;
/// CUDA when its library is built and loads, else why not) and the tuned variants in use.
RS_CORE_EXPORT std::vector<std::string> kernelSummary();

} // namespace recscope::core
