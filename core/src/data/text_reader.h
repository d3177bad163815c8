// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/error.h"

#include <charconv>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::core::detail {

/// Reads a text file line by line through a fixed buffer (no whole-file copy), counting lines
/// for error messages and dropping a trailing '\r'.
class LineReader
{
public:
    explicit LineReader(const std::filesystem::path &file);
    bool next(std::string_view &line);
    std::int64_t lineNumber() const { return m_line; }
    const std::string &fileName() const { return m_name; }
    double progress() const; ///< fraction of the file consumed

private:
    std::ifstream m_in;
    std::string m_name;
    std::vector<char> m_buf;
    std::size_t m_begin = 0, m_end = 0;
    std::string m_carry;   ///< start of a line cut by the buffer end
    std::string m_lineBuf; ///< holds a line assembled from two chunks
    std::int64_t m_line = 0;
    std::uintmax_t m_size = 0, m_consumed = 0;
    bool m_eof = false;
};

/// Splits a line into fields. Delimited mode understands RFC 4180 quotes ("a, b" and "");
/// multi-character separators (MovieLens "::") and whitespace runs are supported too.
class FieldSplitter
{
public:
    enum class Mode {
        Char,
        String,
        Whitespace
    };
    static FieldSplitter byChar(char c) { return FieldSplitter(Mode::Char, std::string(1, c)); }
    static FieldSplitter byString(std::string s)
    {
        return FieldSplitter(Mode::String, std::move(s));
    }
    static FieldSplitter byWhitespace() { return FieldSplitter(Mode::Whitespace, {}); }

    const std::vector<std::string_view> &split(std::string_view line);

private:
    FieldSplitter(Mode mode, std::string sep)
        : m_mode(mode)
        , m_sep(std::move(sep))
    {}
    Mode m_mode;
    std::string m_sep;
    std::vector<std::string_view> m_fields;
    std::deque<std::string> m_unescaped;
};

/// Parses a whole field as a number, or throws DataError naming file, line and field. Doubles
/// are finite: "nan" and "inf" are errors.
std::int64_t parseInt(std::string_view text, const LineReader &at, const std::string &field);
double parseDouble(std::string_view text, const LineReader &at, const std::string &field);

/// A number that fits a float (ratings, numeric attributes).
float parseFloat(std::string_view text, const LineReader &at, const std::string &field);

/// Timestamps (whole or decimal seconds, or milli-/microseconds) are within ±2^53: exact as
/// doubles, their differences and calendar dates never overflow.
inline constexpr std::int64_t kMaxTimestamp = std::int64_t(1) << 53;
/// A timestamp field: an integer or a decimal number (rounded down) within ±kMaxTimestamp.
std::int64_t parseTimestamp(std::string_view text, const LineReader &at, const std::string &field);
/// Throws DataError unless |t| <= kMaxTimestamp.
void checkTimestamp(std::int64_t t,
                    std::string_view text,
                    const LineReader &at,
                    const std::string &field);
/// A field's text for an error message: at most 40 bytes, control bytes and bytes that are not
/// UTF-8 as \xNN.
std::string excerpt(std::string_view text);
/// A user or item id read at `at`'s line: refused when it holds a control character (NUL, ...)
/// or is not UTF-8, since ids are written into JSON, HTML and CSV as they are.
std::string_view idField(std::string_view id, const LineReader &at, const std::string &field);
std::string_view trim(std::string_view s);

} // namespace recscope::core::detail
