// SPDX-License-Identifier: MIT
#include "recscope/core/store.h"

#include <sqlite3.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <nlohmann/json.hpp>

namespace recscope::core {

std::string versionsJson()
{
    nlohmann::json j;
    j["recscope"] = RECSCOPE_VERSION;
    j["libtorch"] = TORCH_VERSION;
    j["sqlite"] = sqlite3_libversion();
    j["compiler"] = __VERSION__;
    j["cuda_available"] = torch::cuda::is_available();
    return j.dump();
}

} // namespace recscope::core
