// SPDX-License-Identifier: MIT
// Generic CSV/TSV with a column mapping, and one-sequence-per-line text files.
#include "dataset_builder.h"
#include "recscope/core/error.h"
#include "recscope/core/loaders.h"
#include "text_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace recscope::core {

namespace fs = std::filesystem;
using detail::DatasetBuilder;
using detail::FieldSplitter;
using detail::LineReader;

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Accepts integer or decimal seconds, or an ISO-8601 date "YYYY-MM-DD", optionally with
// "[ T]HH:MM[:SS[.fff]]" and "Z" or a UTC offset (the time is converted to UTC). Anything else
// after the date is an error rather than a silently shifted time.
std::int64_t parseTime(std::string_view text, const LineReader &at, const std::string &field)
{
    text = detail::trim(text);
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return detail::parseTimestamp(text, at, field);
    auto fail = [&](const std::string &why) {
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        field,
                        "date " + detail::excerpt(text) + ": " + why);
    };
    auto num =
        [&](std::size_t pos, std::size_t len, std::int64_t lo, std::int64_t hi, const char *part) {
            const std::int64_t v = detail::parseInt(text.substr(pos, len), at, field);
            if (v < lo || v > hi)
                fail(std::string(part) + " must be " + std::to_string(lo) + "–"
                     + std::to_string(hi));
            return v;
        };
    const std::int64_t year = num(0, 4, 0, 9999, "the year"), month = num(5, 2, 1, 12, "the month");
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const std::int64_t day = num(8, 2, 1, month == 2 && !leap ? 28 : kDays[month - 1], "the day");
    std::int64_t secs = 0;
    std::string_view rest = text.substr(10);
    const bool hasTime = !rest.empty() && (rest[0] == ' ' || rest[0] == 'T');
    if (hasTime) {
        if (rest.size() < 6 || rest[3] != ':')
            fail("expected HH:MM after the date");
        secs = num(11, 2, 0, 23, "the hour") * 3600 + num(14, 2, 0, 59, "the minute") * 60;
        rest = rest.substr(6);
        if (!rest.empty() && rest[0] == ':') {
            if (rest.size() < 3)
                fail("expected :SS");
            secs += num(17, 2, 0, 60, "the second");
            rest = rest.substr(3);
            if (!rest.empty() && rest[0] == '.') { // fractions of a second: rounded down
                std::size_t digits = 1;
                while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
                    ++digits;
                if (digits == 1)
                    fail("expected digits after the decimal point");
                rest = rest.substr(digits);
            }
        }
    }
    std::int64_t offset
        = 0; // a UTC offset ±HH, ±HHMM or ±HH:MM, as pandas and PostgreSQL write them
    if (rest == "Z") {
        rest = {};
    } else if (!rest.empty() && (rest[0] == '+' || rest[0] == '-') && hasTime) {
        const std::size_t at = text.size() - rest.size() + 1;
        const bool colon = rest.size() == 6 && rest[3] == ':';
        if (rest.size() != 3 && rest.size() != 5 && !colon)
            fail("expected a UTC offset such as +05:00");
        offset
            = num(at, 2, 0, 23, "the offset's hours") * 3600
              + (rest.size() > 3 ? num(at + (colon ? 3 : 2), 2, 0, 59, "the offset's minutes") * 60
                                 : 0);
        offset = rest[0] == '-' ? -offset : offset;
        rest = {};
    }
    if (!rest.empty())
        fail("unexpected " + detail::excerpt(rest)
             + " after the date (e.g. 2024-02-01T12:00:00Z or +05:00)");
    return daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + secs - offset;
}

bool isIndex(const std::string &s)
{
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

int resolveColumn(const std::string &spec,
                  const std::vector<std::string> &header,
                  const std::string &role,
                  const std::string &file)
{
    if (spec.empty())
        return -1;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == spec) {
            for (std::size_t j = i + 1; j < header.size(); ++j)
                if (header[j] == spec)
                    throw DataError(file,
                                    1,
                                    spec,
                                    "the header names this column twice (columns "
                                        + std::to_string(i) + " and " + std::to_string(j)
                                        + "); map the one meant by its 0-based index");
            return int(i);
        }
    if (isIndex(spec)) {
        constexpr int kMaxColumn = 9999; // a bound before any arithmetic on the index
        int column = 0;
        const auto [p, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), column);
        if (ec != std::errc() || column > kMaxColumn)
            throw DataError(file,
                            0,
                            role,
                            "column index " + spec.substr(0, 20)
                                + " is beyond the largest supported (" + std::to_string(kMaxColumn)
                                + ")");
        return column;
    }
    std::string known;
    for (const auto &h : header)
        known += (known.empty() ? "" : ", ") + h;
    throw DataError(file,
                    1,
                    spec,
                    "column mapped to '" + role + "' is not in the header (columns: " + known
                        + ")");
}

} // namespace

Dataset loadDelimited(const fs::path &path, const ColumnMapping &m)
{
    LineReader in(path);
    auto split = FieldSplitter::byChar(m.delimiter);
    std::vector<std::string> header;
    std::string_view line;
    if (m.header) {
        if (!in.next(line))
            throw DataError(path.string(), 1, "", "file is empty");
        for (auto f : split.split(line))
            header.emplace_back(detail::trim(f));
    }
    const std::string file = path.string();
    if (m.user.empty() || m.item.empty())
        throw DataError(file,
                        0,
                        m.user.empty() ? "user" : "item",
                        "the column mapping must name a user and an item column");
    const int cu = resolveColumn(m.user, header, "user", file),
              ci = resolveColumn(m.item, header, "item", file);
    const int ct = resolveColumn(m.time, header, "time", file),
              cr = resolveColumn(m.rating, header, "rating", file);
    const int cf = resolveColumn(m.feedback, header, "feedback", file);
    const int cc = resolveColumn(m.categories, header, "categories", file);
    const int needed = std::max({cu, ci, ct, cr, cf, cc}) + 1;
    auto nameOf = [&](int c, const char *role) {
        return c < int(header.size()) ? header[c] : std::string(role);
    };

    DatasetBuilder b(path.stem().string(), file);
    b.reserve(fs::file_size(path) / 24);
    Dataset &d = b.data();
    d.hasTime = ct >= 0;
    d.hasRating = cr >= 0;
    d.itemCategories.name = cc >= 0 ? nameOf(cc, "categories") : "";
    std::vector<std::vector<std::string>> tokens;
    auto tokenSplit = FieldSplitter::byChar(m.categorySeparator);
    std::int64_t row = 0;
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        if (int(f.size()) < needed)
            throw DataError(file,
                            in.lineNumber(),
                            "",
                            "expected at least " + std::to_string(needed) + " fields separated by '"
                                + std::string(1, m.delimiter) + "', found "
                                + std::to_string(f.size()));
        const auto uid = detail::trim(f[cu]), iid = detail::trim(f[ci]);
        if (uid.empty())
            throw DataError(file, in.lineNumber(), nameOf(cu, "user"), "empty user id");
        if (iid.empty())
            throw DataError(file, in.lineNumber(), nameOf(ci, "item"), "empty item id");
        const auto u = b.user(detail::idField(uid, in, nameOf(cu, "user"))),
                   i = b.item(detail::idField(iid, in, nameOf(ci, "item")));
        const std::int64_t t = ct >= 0 ? parseTime(f[ct], in, nameOf(ct, "time")) : row;
        const float r = cr >= 0 ? detail::parseFloat(f[cr], in, nameOf(cr, "rating")) : 1.0f;
        b.add(u, i, t, r);
        if (cf >= 0) {
            try {
                d.feedback.push_back(b.feedbackLevel(detail::trim(f[cf])));
            } catch (
                const DataError &e) { // the builder knows neither the line nor the column's name
                std::string why = e.what();
                const std::string where = DataError(e.file(), e.line(), e.field(), "").what();
                if (why.starts_with(where))
                    why.erase(0, where.size());
                throw DataError(file, in.lineNumber(), nameOf(cf, "feedback"), why);
            }
        }
        if (cc >= 0) {
            if (tokens.size() <= std::size_t(i))
                tokens.resize(i + 1);
            if (tokens[i].empty())
                for (auto t : tokenSplit.split(f[cc]))
                    if (!detail::trim(t).empty())
                        tokens[i].emplace_back(detail::trim(t));
        }
        ++row;
    }
    if (row == 0)
        throw DataError(file, in.lineNumber(), "", "no interactions found");
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::vector<std::string_view> v(tokens[i].begin(), tokens[i].end());
        DatasetBuilder::setTokens(d.itemCategories, i, v);
    }
    return b.finish();
}

Dataset loadSequenceText(const fs::path &path)
{
    LineReader in(path);
    DatasetBuilder b(path.stem().string(), path.string());
    auto split = FieldSplitter::byWhitespace();
    std::string_view line;
    std::int64_t row = 0;
    while (in.next(line)) {
        const auto &f = split.split(line);
        if (f.empty())
            continue;
        if (f.size() < 2)
            throw DataError(path.string(),
                            in.lineNumber(),
                            "items",
                            "a sequence line needs a user id followed by at least one item");
        const auto u = b.user(detail::idField(f[0], in, "user"));
        for (std::size_t k = 1; k < f.size(); ++k)
            b.add(u,
                  b.item(detail::idField(f[k], in, "item")),
                  row++,
                  1.0f); // order is the only time we have
    }
    return b.finish();
}

} // namespace recscope::core
