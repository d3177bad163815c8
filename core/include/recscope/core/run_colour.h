// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <cstdint>

namespace recscope::core {

/// The colour a run is drawn in everywhere: every chart and table of the workbench and the
/// exported report. It is fixed by the run's id, so views and reports agree without talking to
/// each other and a run keeps its colour across sessions. "#RRGGBB" from a ten-colour palette
/// (Tableau 10) that reads on light and dark backgrounds; runs ten ids apart share a colour.
RS_CORE_EXPORT const char *runColour(std::int64_t runId);

} // namespace recscope::core
