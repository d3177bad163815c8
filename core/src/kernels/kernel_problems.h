// SPDX-License-Identifier: MIT
#pragma once
// What the tuner measures: for a kernel variant, a correctness gate (its result against the
// LibTorch reference on a small random problem) and a timing on the shape bucket's
// representative problem. Variants are "QxK" query × key tiles for the attention kernel and "T"
// items per tile for the top-K kernel.

#include <ATen/core/Tensor.h>

#include <optional>
#include <string>
#include <vector>

namespace recscope::core::detail::kernels {

struct KernelProblem
{
    virtual ~KernelProblem() = default;
    virtual std::string defaultVariant() const = 0;
    /// Variants one step from v (each dimension halved or doubled, within the kernel's range).
    virtual std::vector<std::string> neighbours(const std::string &v) const = 0;
    /// Whether v reproduces the reference (outputs and gradients) on a small problem.
    virtual bool agreesWithReference(const std::string &v) = 0;
    /// Seconds for the representative problem with v (the best of two runs after a warm-up).
    virtual double seconds(const std::string &v) = 0;
    virtual double referenceSeconds() = 0;
};

/// The attention kernel at "d_qk<=D n<=N" (2 heads, d_v = d_qk, about 4096 rows).
std::unique_ptr<KernelProblem> attentionProblem(const std::string &bucket, at::Device device);
/// The top-K kernel at "d<=D" (256 users, 100,000 items on the CPU and 1,000,000 on CUDA, K 10).
std::unique_ptr<KernelProblem> topKProblem(const std::string &bucket, at::Device device);

/// "64x32" → {64, 32}; nullopt when not a valid attention variant.
std::optional<std::pair<std::int64_t, std::int64_t>> attentionVariant(const std::string &v);
/// "4096" → 4096; nullopt when not a valid top-K variant.
std::optional<std::int64_t> topKVariant(const std::string &v);

} // namespace recscope::core::detail::kernels
