// SPDX-License-Identifier: MIT
#pragma once
// The built-in loaders use the SDK's builder under its internal name.
#include "recscope/core/loaders.h"

#include <recscope/sdk/dataset_builder.h>

namespace recscope::core::detail {
using sdk::DatasetBuilder;
using sdk::IdIndex;
using sdk::StringHash;

/// loadDataset without its last check: the file may hold no interactions (a split's validation
/// part may be empty; loadDataset refuses an empty dataset).
Dataset loadDatasetFile(const DatasetSource &source);
} // namespace recscope::core::detail
