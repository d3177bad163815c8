// SPDX-License-Identifier: MIT
#pragma once
// Pieces the HTML report's sections share.

#include <recscope/core/store.h>

#include <string>
#include <vector>

namespace recscope::core::detail {

using Rows = std::vector<std::vector<std::string>>;

/// A number with the given decimals (whole counts without), "–" when not finite.
std::string fmt(double v, int decimals = 4);
std::string pct(double v);
/// A table; cells are escaped unless they start with '\x01' (already HTML).
std::string table(const std::vector<std::string> &headers, const Rows &rows, const std::string &cls = "");
/// "#12 BPR-MF".
std::string runName(const RunRecord &r);

} // namespace recscope::core::detail
