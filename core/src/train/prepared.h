// SPDX-License-Identifier: MIT
#pragma once

#include "ctr/ctr_data.h"

#include <recscope/core/attack.h>
#include <recscope/core/experiment_runner.h>

#include <memory>
#include <optional>

namespace recscope::core {

/// What every model of an experiment shares: the prepared data, its split and the device.
struct ExperimentRunner::Prepared
{
    Dataset data;
    Split split;
    torch::Device device = torch::kCPU;
    std::int64_t datasetId = 0;
    std::unique_ptr<detail::CtrData> ctr; ///< the CTR samples when the task is ctr
    std::optional<AttackPlan> attack; ///< the targets (and fake users) when the spec attacks
};

} // namespace recscope::core
