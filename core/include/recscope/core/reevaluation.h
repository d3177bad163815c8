// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/evaluation.h"

#include <cstdint>
#include <stop_token>
#include <string>

namespace recscope::core {

class Registry;
class ProjectStore;

/// A finished run's stored test metrics next to a fresh evaluation of its saved model: the
/// spec, dataset and split rebuilt, the weights loaded on the CPU (non-trainable models rebuilt
/// from the data) and the test part evaluated again.
struct RS_CORE_EXPORT Reevaluation
{
    MetricValues stored, fresh;
    /// Largest |stored − fresh| over the metrics both hold (timings and counts excluded), and
    /// the metric where it occurs.
    double maxDifference = 0;
    std::string worstMetric;
};

/// Re-evaluates a finished run. Throws ConfigError("run") when the run is not finished or has no
/// saved model, ModelError when its weights cannot be read.
RS_CORE_EXPORT Reevaluation reevaluateRun(const Registry &registry,
                                          const ProjectStore &store,
                                          std::int64_t runId,
                                          std::stop_token stop = {});

} // namespace recscope::core
