// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <string>
#include <vector>

namespace recscope::core {

/// Intra-op threads LibTorch uses on the calling thread's pool. The GUI gives training
/// cores - 1 so the event loop keeps a core.
RS_CORE_EXPORT void setComputeThreads(int threads);
RS_CORE_EXPORT int computeThreads();

/// The devices a spec's "device" may name, "cpu" first, then "cuda:0", ... when present.
RS_CORE_EXPORT std::vector<std::string> availableDevices();
/// One line for an About box: "CPU (2 threads); CUDA 12.4 with 1 GPU: NVIDIA H100" or "no CUDA".
RS_CORE_EXPORT std::string deviceSummary();

} // namespace recscope::core
