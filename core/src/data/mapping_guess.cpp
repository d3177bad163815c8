// SPDX-License-Identifier: MIT
// The column mapping proposed for a delimited file: one rule for the import dialog and the CLI.
#include "recscope/core/loaders.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace recscope::core {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

ColumnMapping guessColumnRoles(const std::vector<std::string> &columns)
{
    struct Role
    {
        std::string ColumnMapping::*field;
        std::vector<std::string> words;
    };
    const std::array<Role, 6> roles{{{&ColumnMapping::user, {"user", "uid", "customer", "session"}},
                                     {&ColumnMapping::item, {"item", "iid", "product", "movie", "article"}},
                                     {&ColumnMapping::time, {"time", "timestamp", "ts", "date"}},
                                     {&ColumnMapping::rating, {"rating", "score", "stars"}},
                                     {&ColumnMapping::feedback, {"feedback", "event", "action", "behavior", "behaviour"}},
                                     {&ColumnMapping::categories, {"genre", "categor", "tag"}}}};
    std::vector<std::string> names;
    for (const auto &c : columns)
        names.push_back(lower(c));
    std::vector<bool> taken(names.size(), false);
    ColumnMapping m;
    // Exact names first for every role, so "ts" is not claimed by "events" before "ts" is seen.
    for (const bool exact : {true, false})
        for (const auto &role : roles) {
            if (!(m.*role.field).empty())
                continue;
            for (std::size_t c = 0; c < names.size() && (m.*role.field).empty(); ++c)
                for (const auto &w : role.words)
                    if (!taken[c] && (exact ? names[c] == w : names[c].find(w) != std::string::npos)) {
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
