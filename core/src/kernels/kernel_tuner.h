// SPDX-License-Identifier: MIT
#pragma once
// The variants the kernels run with (recscope/core/kernels.h describes the tuning). Lookups are
// cached per process; a shape bucket this device has no result for is tuned on first use with a
// short budget (RECSCOPE_KERNEL_TUNING=off keeps the defaults instead).

#include "kernels/hstu_attention_cpu.h"

#include <recscope/core/export.h>

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

} // namespace recscope::core::detail::kernels
