// SPDX-License-Identifier: MIT
#include "train/device.h"

#include "recscope/core/error.h"

#include <torch/cuda.h>

namespace recscope::core::detail {

torch::Device resolveDevice(const std::string &name)
{
    if (name == "cpu")
        return torch::kCPU;
    const bool cuda = torch::cuda::is_available();
    if (name == "auto")
        return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (!cuda)
        throw ConfigError(
            "device",
            "'" + name + "' was requested but this LibTorch build or machine has no CUDA device");
    try {
        torch::Device d(name);
        if (d.has_index() && d.index() >= int(torch::cuda::device_count()))
            throw ConfigError("device",
                              "'" + name + "' does not exist ("
                                  + std::to_string(torch::cuda::device_count()) + " CUDA devices)");
        return d;
    } catch (const c10::Error &) {
        throw ConfigError("device", "cannot parse device '" + name + "'");
    }
}

} // namespace recscope::core::detail
