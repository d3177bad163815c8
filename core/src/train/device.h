// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <string>

namespace recscope::core::detail {

/// "auto" → CUDA when LibTorch and the machine have it, else CPU; "cuda[:N]" must exist.
torch::Device resolveDevice(const std::string &name);

} // namespace recscope::core::detail
