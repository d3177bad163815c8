// SPDX-License-Identifier: MIT
#pragma once
// What the registry (registry.h) tells a host about each model, dataset format and metric, and
// what a plugin's factories describe themselves with (recscope/sdk).

#include "recscope/core/params.h"
#include "recscope/core/task_kind.h"

#include <string>
#include <vector>

namespace recscope::core {

/// A registered model type as the GUI and CLI see it (no tensors).
struct RS_CORE_EXPORT ModelInfo
{
    std::string id;          ///< stable key used in specs, e.g. "bpr"
    std::string displayName; ///< e.g. "BPR-MF"
    std::string description;
    bool sequential = false;           ///< reads the user's ordered history
    bool trainable = true;             ///< has an epoch loop
    ParamSchema params;                ///< model group + training group
    TaskKind task = TaskKind::Ranking; ///< set by the registry from the factory's kind
};

/// A dataset format added by a plugin; its id is what a spec's "dataset.format" names.
struct RS_CORE_EXPORT DatasetLoaderInfo
{
    std::string id;          ///< e.g. "amazon_reviews"
    std::string displayName; ///< e.g. "Amazon reviews (JSON lines)"
    std::string description;
    std::vector<std::string>
        extensions; ///< e.g. {".jsonl", ".json"}: "format": "auto" picks the loader by these
};

/// A top-K metric added by a plugin; results are stored as "<name>@K" like the built-in ones.
struct RS_CORE_EXPORT MetricInfo
{
    std::string name; ///< e.g. "F1"
    std::string description;
};

} // namespace recscope::core
