// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/sdk/ctr_model.h>

#include <memory>
#include <string>

namespace recscope::core::detail {

// The CTR models over long behaviour sequences; run/builtins.cpp registers each.
std::unique_ptr<sdk::CtrModelFactory> makeDinFactory();
std::unique_ptr<sdk::CtrModelFactory> makeTinFactory();
/// "dare" (decoupled tables), "twin" (one shared table) or "twin_proj" (one table, projections).
std::unique_ptr<sdk::CtrModelFactory> makeTwoStageFactory(const std::string &variant);

} // namespace recscope::core::detail
