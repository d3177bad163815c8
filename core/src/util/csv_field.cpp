// SPDX-License-Identifier: MIT
#include <recscope/core/csv.h>

namespace recscope::core {

std::string csvField(std::string_view text)
{
    const bool formula
        = !text.empty()
          && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    const bool quote = formula || text.find_first_of(",\"\r\n") != std::string_view::npos;
    std::string out;
    out.reserve(text.size() + 4);
    if (quote)
        out += '"';
    if (formula)
        out += '\'';
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    if (quote)
        out += '"';
    return out;
}

} // namespace recscope::core
