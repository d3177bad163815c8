// SPDX-License-Identifier: MIT
#include "text_reader.h"

#include "util/utf8.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace recscope::core::detail {

namespace {
constexpr std::size_t kBufferSize = 4 << 20;
constexpr std::size_t kMaxLineBytes = 64 << 20; // a bound on what one line may allocate
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

[[noreturn]] void lineTooLong(const std::string &file, std::int64_t line)
{
    throw DataError(file,
                    line,
                    "",
                    "line longer than " + std::to_string(kMaxLineBytes >> 20)
                        + " MiB; is this a text file of rows?");
}
} // namespace

LineReader::LineReader(const std::filesystem::path &file)
    : m_in(file, std::ios::binary)
    , m_name(file.string())
{
    std::error_code ec;
    if (!m_in || std::filesystem::is_directory(file, ec))
        throw DataError(m_name, 0, "", "cannot open file for reading");
    m_size = std::filesystem::file_size(file, ec);
    // A small file gets a small buffer: MovieLens folders and split files open several.
    m_buf.resize(ec ? kBufferSize : std::clamp<std::size_t>(m_size + 1, 4096, kBufferSize));
}

bool LineReader::next(std::string_view &line)
{
    for (;;) {
        const char *start = m_buf.data() + m_begin;
        if (const void *nl = std::memchr(start, '\n', m_end - m_begin)) {
            const auto len = static_cast<std::size_t>(static_cast<const char *>(nl) - start);
            m_consumed += len + 1;
            m_begin += len + 1;
            ++m_line;
            if (m_carry.size() + len > kMaxLineBytes)
                lineTooLong(m_name, m_line);
            if (m_carry.empty()) {
                line = std::string_view(start, len);
            } else { // the line began in the previous chunk
                m_lineBuf.assign(m_carry).append(start, len);
                m_carry.clear();
                line = m_lineBuf;
            }
            break;
        }
        // No newline left: keep the partial line and refill.
        if (m_carry.size() + (m_end - m_begin) > kMaxLineBytes)
            lineTooLong(m_name, m_line + 1);
        m_carry.append(start, m_end - m_begin);
        m_consumed += m_end - m_begin;
        m_begin = m_end = 0;
        if (m_eof) {
            if (m_carry.empty())
                return false;
            m_lineBuf.swap(m_carry);
            m_carry.clear();
            ++m_line;
            line = m_lineBuf;
            break;
        }
        m_in.read(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
        m_end = static_cast<std::size_t>(m_in.gcount());
        m_eof = m_end < m_buf.size();
    }
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (m_line == 1 && line.starts_with(kUtf8Bom)) // editors on Windows start UTF-8 files with one
        line.remove_prefix(kUtf8Bom.size());
    return true;
}

double LineReader::progress() const
{
    return m_size ? std::min(1.0, double(m_consumed) / double(m_size)) : 1.0;
}

const std::vector<std::string_view> &FieldSplitter::split(std::string_view line)
{
    m_fields.clear();
    m_unescaped.clear();
    if (m_mode == Mode::Whitespace) {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            std::size_t j = i;
            while (j < line.size() && line[j] != ' ' && line[j] != '\t')
                ++j;
            if (j > i)
                m_fields.push_back(line.substr(i, j - i));
            i = j;
        }
        return m_fields;
    }
    if (m_mode == Mode::String) {
        std::size_t pos = 0;
        for (;;) {
            std::size_t hit = line.find(m_sep, pos);
            m_fields.push_back(
                line.substr(pos,
                            hit == std::string_view::npos ? std::string_view::npos : hit - pos));
            if (hit == std::string_view::npos)
                return m_fields;
            pos = hit + m_sep.size();
        }
    }
    const char sep = m_sep[0];
    std::size_t i = 0;
    for (;;) {
        if (i < line.size() && line[i] == '"') {
            std::string value;
            std::size_t j = i + 1;
            for (; j < line.size(); ++j) {
                if (line[j] == '"') {
                    if (j + 1 < line.size() && line[j + 1] == '"') {
                        value += '"';
                        ++j;
                    } else {
                        break;
                    }
                } else {
                    value += line[j];
                }
            }
            m_unescaped.push_back(std::move(value));
            m_fields.push_back(m_unescaped.back());
            i = j + 1; // past the closing quote
            std::size_t hit = line.find(sep, i);
            if (hit == std::string_view::npos)
                return m_fields;
            i = hit + 1;
            continue;
        }
        std::size_t hit = line.find(sep, i);
        m_fields.push_back(
            line.substr(i, hit == std::string_view::npos ? std::string_view::npos : hit - i));
        if (hit == std::string_view::npos)
            return m_fields;
        i = hit + 1;
    }
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string excerpt(std::string_view text)
{
    constexpr std::size_t kShown = 40;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kShown;) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = c < 0x20 || c == 0x7f
                                  ? 0
                                  : utf8SequenceLength(text, i); // the message itself stays UTF-8
        if (n == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
            ++i;
        } else {
            out.append(text, i, n);
            i += n;
        }
    }
    out += text.size() > kShown ? "'… (" + std::to_string(text.size()) + " bytes)" : "'";
    return out;
}

std::int64_t parseInt(std::string_view text, const LineReader &at, const std::string &field)
{
    text = trim(text);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty())
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        field,
                        "expected an integer, got " + excerpt(text));
    return v;
}

double parseDouble(std::string_view text, const LineReader &at, const std::string &field)
{
    text = trim(text);
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty() || !std::isfinite(v))
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        field,
                        "expected a finite number, got " + excerpt(text));
    return v;
}

float parseFloat(std::string_view text, const LineReader &at, const std::string &field)
{
    const double v = parseDouble(text, at, field);
    if (std::fabs(v) > double(std::numeric_limits<float>::max()))
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        field,
                        "number " + excerpt(trim(text)) + " is out of range for a 32-bit float");
    return static_cast<float>(v);
}

namespace {
[[noreturn]] void
timestampOutOfRange(std::string_view text, const LineReader &at, const std::string &field)
{
    throw DataError(at.fileName(),
                    at.lineNumber(),
                    field,
                    "timestamp " + excerpt(trim(text))
                        + " is out of range (at most 2^53 in magnitude; nanoseconds? give seconds "
                          "or milliseconds)");
}
} // namespace

void checkTimestamp(std::int64_t t,
                    std::string_view text,
                    const LineReader &at,
                    const std::string &field)
{
    if (t > kMaxTimestamp || t < -kMaxTimestamp)
        timestampOutOfRange(text, at, field);
}

std::int64_t parseTimestamp(std::string_view text, const LineReader &at, const std::string &field)
{
    const auto t = trim(text);
    std::int64_t whole = 0;
    if (auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), whole);
        ec == std::errc() && p == t.data() + t.size() && !t.empty()) {
        checkTimestamp(whole, t, at, field);
        return whole;
    }
    const double v = parseDouble(t, at, field);
    // Compared as doubles before the cast: casting an out-of-range double is undefined.
    if (!(std::fabs(v) <= double(kMaxTimestamp)))
        timestampOutOfRange(t, at, field);
    return static_cast<std::int64_t>(std::floor(v));
}

std::string_view idField(std::string_view id, const LineReader &at, const std::string &field)
{
    for (std::size_t k = 0; k < id.size(); ++k)
        if (static_cast<unsigned char>(id[k]) < 0x20 || id[k] == 0x7F)
            throw DataError(at.fileName(),
                            at.lineNumber(),
                            field,
                            "control character (byte "
                                + std::to_string(static_cast<unsigned char>(id[k]))
                                + ") at position " + std::to_string(k + 1) + " of the id "
                                + excerpt(id));
    if (const auto bad = firstInvalidUtf8(id); bad != std::string_view::npos)
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        field,
                        "the id is not UTF-8 (byte " + std::to_string(bad + 1)
                            + "); convert the file, e.g. iconv -f latin1 -t utf-8");
    return id;
}

} // namespace recscope::core::detail
