// SPDX-License-Identifier: MIT
#pragma once
// Builds a Dataset while a loader reads a file: interns original ids into dense indices, collects
// rows and side attributes, then validates. Built-in loaders and dataset plugins use it alike.

#include <recscope/core/dataset.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace recscope::sdk {

using core::AttributeColumn;
using core::Dataset;
using core::TokenSets;

struct RS_CORE_EXPORT StringHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// Interns original ids into dense indices in first-seen order.
class RS_CORE_EXPORT IdIndex
{
public:
    std::int32_t intern(std::string_view id, std::vector<std::string> &names);
    std::int32_t find(std::string_view id) const; ///< -1 when unknown
    void reserve(std::size_t n) { m_map.reserve(n); }

private:
    std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> m_map;
};

/// Accumulates interactions and side data while a loader reads a file.
class RS_CORE_EXPORT DatasetBuilder
{
public:
    explicit DatasetBuilder(std::string name, std::string source);

    std::int32_t user(std::string_view id) { return m_users.intern(id, m_data.userIds); }
    std::int32_t item(std::string_view id) { return m_items.intern(id, m_data.itemIds); }
    std::int32_t findUser(std::string_view id) const { return m_users.find(id); }
    std::int32_t findItem(std::string_view id) const { return m_items.find(id); }
    std::int8_t feedbackLevel(std::string_view name);

    void add(std::int32_t u, std::int32_t i, std::int64_t time, float value);
    void reserve(std::size_t rows);
    Dataset &data() { return m_data; }

    /// Adds a categorical attribute value for user/item index e (grows the column as needed).
    static void setCategory(AttributeColumn &column, std::size_t e, std::string_view value);
    static void setNumber(AttributeColumn &column, std::size_t e, float value);
    /// Appends the tokens of consecutive items in order; call for item 0, 1, 2, ...
    static void
    setTokens(TokenSets &sets, std::size_t e, const std::vector<std::string_view> &tokens);

    /// Pads side columns to the entity counts and validates.
    Dataset finish();

private:
    Dataset m_data;
    IdIndex m_users, m_items;
    std::unordered_map<std::string, std::int8_t, StringHash, std::equal_to<>> m_levels;
};

} // namespace recscope::sdk
