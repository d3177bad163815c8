// SPDX-License-Identifier: MIT
#pragma once
// One text field of a CSV file that RecScope writes (reports, concept dictionaries, the
// workbench's exports).

#include <recscope/core/export.h>

#include <string>
#include <string_view>

namespace recscope::core {

/// `text` as one CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes
/// doubled. Text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR: a
/// label such as `=HYPERLINK(…)` from a dataset) gets a leading apostrophe, as OWASP advises for
/// CSV injection, so it opens as text. For text only: numbers are written as they are.
RS_CORE_EXPORT std::string csvField(std::string_view text);

} // namespace recscope::core
