// SPDX-License-Identifier: MIT
// The report's escaping of dataset strings (titles, genres, concept labels, run names): any bytes
// in, well-formed HTML/XML text out, and the text reads back as it went in. Also the CSV field
// writer: any text in, one field out that reads back unchanged and never starts a formula.
#include "fuzz_input.h"
#include "report/svg_chart.h"

#include <recscope/core/csv.h>

#include <cstring>

namespace {

void checkEscaped(const std::string &in, const std::string &out)
{
    std::string back;
    for (std::size_t i = 0; i < out.size();) {
        const unsigned char c = out[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'')
            fuzz::finding("markup character left unescaped", nullptr);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            fuzz::finding("a control character XML forbids", nullptr);
        if (c == '&') {
            static const std::pair<const char *, char> entities[]
                = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool known = false;
            for (const auto &[name, ch] : entities)
                if (out.compare(i, std::strlen(name), name) == 0) {
                    back += ch;
                    i += std::strlen(name);
                    known = true;
                    break;
                }
            if (!known)
                fuzz::finding("an '&' that starts no entity", nullptr);
            continue;
        }
        const std::size_t n = fuzz::utf8Length(out, i);
        if (n == 0)
            fuzz::finding("invalid UTF-8 in escaped text", nullptr);
        if (n == 3 && out.compare(i, 2, "\xEF\xBF") == 0
            && (out[i + 2] == '\xBE' || out[i + 2] == '\xBF'))
            fuzz::finding("U+FFFE or U+FFFF, which XML does not allow", nullptr);
        back.append(out, i, n);
        i += n;
    }
    // Valid text without forbidden controls must read back exactly.
    bool plain = true;
    for (std::size_t i = 0; i < in.size() && plain;) {
        const std::size_t n = fuzz::utf8Length(in, i);
        const unsigned char c = in[i];
        plain = n != 0 && !(c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                && !(n == 3 && in.compare(i, 2, "\xEF\xBF") == 0
                     && (in[i + 2] == '\xBE' || in[i + 2] == '\xBF'));
        i += n ? n : 1;
    }
    if (plain && back != in)
        fuzz::finding("escaped text does not read back as the original", nullptr);
}

/// Reads one RFC 4180 field back; the leading ' a formula-looking field gets is dropped.
void checkCsv(std::string_view in, const std::string &out)
{
    std::string back;
    if (!out.empty() && out.front() == '"') {
        if (out.size() < 2 || out.back() != '"')
            fuzz::finding("a quoted CSV field is not closed", nullptr);
        for (std::size_t i = 1; i + 1 < out.size(); ++i) {
            if (out[i] == '"') {
                if (out[i + 1] != '"' || i + 2 >= out.size())
                    fuzz::finding("a lone quote inside a CSV field", nullptr);
                ++i;
            }
            back += out[i];
        }
    } else {
        if (out.find_first_of(",\"\r\n") != std::string::npos)
            fuzz::finding("an unquoted CSV field holds a separator", nullptr);
        back = out;
    }
    if (!back.empty() && std::string_view("=+-@\t\r").find(back.front()) != std::string_view::npos)
        fuzz::finding("a CSV field a spreadsheet would run as a formula", nullptr);
    if (!in.empty() && back != in && !(back.front() == '\'' && back.substr(1) == in))
        fuzz::finding("a CSV field does not read back as the original", nullptr);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string in(reinterpret_cast<const char *>(data), size);
    checkEscaped(in, recscope::core::detail::escapeXml(in));
    checkCsv(in, recscope::core::csvField(in));
    return 0;
}
