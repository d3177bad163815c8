// SPDX-License-Identifier: MIT
// The column mapping proposed for a delimited file: one rule for the import dialog and the CLI.
#include "recscope/core/loaders.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace recscope::core {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    return s;
}

/// A header name's words, lower case: split at anything not a letter or digit and before an
/// upper-case letter that follows a lower-case one ("movieId" → movie, id).
std::vector<std::string> words(const std::string &name)
{
    std::vector<std::string> out(1);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (!std::isalnum(c)) {
            out.emplace_back();
            continue;
        }
        if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1])))
            out.emplace_back();
        out.back() += char(std::tolower(c));
    }
    std::erase(out, std::string());
    return out;
}

} // namespace

ColumnMapping guessColumnRoles(const std::vector<std::string> &columns)
{
    struct Role
    {
        std::string ColumnMapping::*field;
        std::vector<std::string> words;
    };
    const std::array<Role, 6> roles{
        {{&ColumnMapping::user, {"user", "uid", "customer", "session"}},
         {&ColumnMapping::item, {"item", "iid", "product", "movie", "article"}},
         {&ColumnMapping::time, {"time", "timestamp", "ts", "date"}},
         {&ColumnMapping::rating, {"rating", "score", "stars"}},
         {&ColumnMapping::feedback, {"feedback", "event", "action", "behavior", "behaviour"}},
         {&ColumnMapping::categories, {"genre", "categor", "tag"}}}};
    std::vector<std::string> names;
    for (const auto &c : columns)
        names.push_back(lower(c));
    std::vector<bool> taken(names.size(), false);
    // Whole names first for every role, then a word of a name that starts with a role's word
    // ("events", "movieId", "item_id", "genres"), never a bare substring ("counts" is not "ts",
    // "transaction_id" not "action").
    auto matches = [&](std::size_t c, const std::string &w, bool whole) {
        if (whole)
            return names[c] == w;
        const auto ws = words(columns[c]);
        return std::any_of(ws.begin(), ws.end(), [&](const std::string &x) {
            return x.starts_with(w);
        });
    };
    ColumnMapping m;
    for (const bool whole : {true, false})
        for (const auto &role : roles) {
            if (!(m.*role.field).empty())
                continue;
            for (std::size_t c = 0; c < names.size() && (m.*role.field).empty(); ++c)
                for (const auto &w : role.words)
                    if (!taken[c] && matches(c, w, whole)) {
                        m.*role.field = columns[c];
                        taken[c] = true;
                        break;
                    }
        }
    return m;
}

char guessDelimiter(std::string_view firstLine)
{
    if (firstLine.find('\t') != std::string_view::npos)
        return '\t';
    const auto count = [&](char c) { return std::count(firstLine.begin(), firstLine.end(), c); };
    return count(';') > count(',') ? ';' : ',';
}

} // namespace recscope::core
