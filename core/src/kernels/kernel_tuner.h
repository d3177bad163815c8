// SPDX-License-Identifier: MIT
#pragma once

#include "kernels/hstu_attention_cpu.h"

namespace recscope::core::detail::kernels {

/// The attention kernel's tile sizes for tensors like this one: the tuned winner for the device
/// and shape bucket when one is cached, else the default.
AttentionTiles attentionTiles(const at::Tensor &like);

/// Items per tile of the top-K kernel, the same way.
std::int64_t topKItemTile(const at::Tensor &like);

} // namespace recscope::core::detail::kernels
