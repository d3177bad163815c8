// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>
#include <vector>

namespace recscope::core::detail {

/// Forward-only schema migrations: entry k upgrades user_version k to k + 1.
const std::vector<std::string_view> &schemaMigrations();

} // namespace recscope::core::detail
