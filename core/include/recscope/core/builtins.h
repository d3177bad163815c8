// SPDX-License-Identifier: MIT
#pragma once
// What RecScope brings itself: the tasks (ranking, CTR) and the models of each.

#include "recscope/core/export.h"

namespace recscope::core {

class Registry;

/// Adds the built-in tasks and models to a registry; ConfigError when one is there already.
RS_CORE_EXPORT void registerBuiltins(Registry &registry);

} // namespace recscope::core
