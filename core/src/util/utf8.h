// SPDX-License-Identifier: MIT
#pragma once
// UTF-8 checks for text read from untrusted files: everything RecScope keeps and writes (JSON,
// HTML, SVG, CSV) is UTF-8, so text is checked once where it enters.

#include <cstddef>
#include <string>
#include <string_view>

namespace recscope::core::detail {

/// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
/// surrogates, nothing past U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);

/// Offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t firstInvalidUtf8(std::string_view s);

/// Display text (titles, genres, attribute values): kept when it is UTF-8, else read as
/// Windows-1252 (Latin-1 with quotes, dashes and € at 0x80–0x9F), the encoding of ML-100K and
/// ML-1M and of most older files that are not UTF-8.
std::string displayText(std::string_view s);

} // namespace recscope::core::detail
