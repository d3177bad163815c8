// SPDX-License-Identifier: MIT
#pragma once
// The built-in loaders use the SDK's builder under its internal name.
#include <recscope/sdk/dataset_builder.h>

namespace recscope::core::detail {
using sdk::DatasetBuilder;
using sdk::IdIndex;
using sdk::StringHash;
} // namespace recscope::core::detail
