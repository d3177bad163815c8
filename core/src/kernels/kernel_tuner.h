// SPDX-License-Identifier: MIT
#pragma once
// The variants the kernels run with (recscope/core/kernels.h describes the tuning). Lookups are
// cached per process; a shape bucket this device has no result for is tuned on first use with a
// short budget (RECSCOPE_KERNEL_TUNING=off keeps the defaults instead).

#include "kernels/hstu_attention_cpu.h"

#include <recscope/core/export.h>
#include <recscope/core/kernels.h>

#include <functional>
#include <stop_token>
#include <string>

namespace recscope::core::detail::kernels {

/// "RecScope <version>, LibTorch <version>": results measured with other versions are not used.
RS_CORE_TEST_EXPORT std::string libraryKey();

/// "cpu: <model> (N threads)" or "cuda: <GPU name>".
RS_CORE_TEST_EXPORT std::string deviceKey(const at::Tensor &like);

/// "d_qk<=64 n<=1024": d_qk and the longest sequence rounded up to the buckets' bounds.
std::string attentionBucket(std::int64_t dqk, std::int64_t longest);
/// "d<=64".
std::string topKBucket(std::int64_t d);

RS_CORE_TEST_EXPORT AttentionTiles attentionTiles(const at::Tensor &like,
                                                  std::int64_t dqk,
                                                  std::int64_t longest);
std::int64_t topKItemTile(const at::Tensor &like, std::int64_t d);

struct KernelProblem;

/// The search (recscope/core/kernels.h): from the problem's default variant, the neighbours of the
/// best so far, each gated on agreeing with the reference (a variant that throws is rejected
/// too), the fastest kept, until the budget is spent or no neighbour is left.
RS_CORE_TEST_EXPORT TunedKernel searchVariants(KernelProblem &problem,
                                               TunedKernel result,
                                               double budgetSeconds,
                                               bool withReference,
                                               const std::function<void(double)> &progress,
                                               std::stop_token stop);

} // namespace recscope::core::detail::kernels
