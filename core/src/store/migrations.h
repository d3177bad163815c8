// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <string_view>
#include <vector>

namespace recscope::core::detail {

/// Forward-only schema migrations: entry k upgrades user_version k to k + 1.
RS_CORE_TEST_EXPORT const std::vector<std::string_view> &schemaMigrations();

} // namespace recscope::core::detail
