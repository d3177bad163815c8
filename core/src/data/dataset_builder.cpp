// SPDX-License-Identifier: MIT
#include "dataset_builder.h"

#include "recscope/core/error.h"
#include "util/utf8.h"

#include <cmath>
#include <limits>

namespace recscope::sdk {

using namespace core;

std::int32_t IdIndex::intern(std::string_view id, std::vector<std::string> &names)
{
    if (auto it = m_map.find(id); it != m_map.end())
        return it->second;
    const auto index = static_cast<std::int32_t>(names.size());
    m_map.emplace(std::string(id), index);
    names.emplace_back(id);
    return index;
}

std::int32_t IdIndex::find(std::string_view id) const
{
    auto it = m_map.find(id);
    return it == m_map.end() ? -1 : it->second;
}

DatasetBuilder::DatasetBuilder(std::string name, std::string source)
{
    m_data.name = std::move(name);
    m_data.source = std::move(source);
}

std::int8_t DatasetBuilder::feedbackLevel(std::string_view name)
{
    if (auto it = m_levels.find(name); it != m_levels.end())
        return it->second;
    if (m_data.feedbackLevels.size()
        >= std::size_t(std::numeric_limits<std::int8_t>::max()) + 1) // levels are stored as int8
        throw DataError(m_data.source,
                        0,
                        "feedback",
                        "more than 128 distinct feedback levels; is the mapped column really a "
                        "behaviour type? ("
                            + std::to_string(m_data.feedbackLevels.size() + 1) + "th: '"
                            + std::string(name.substr(0, 40)) + "')");
    const auto level = static_cast<std::int8_t>(m_data.feedbackLevels.size());
    m_levels.emplace(std::string(name), level);
    m_data.feedbackLevels.emplace_back(name);
    return level;
}

void DatasetBuilder::add(std::int32_t u, std::int32_t i, std::int64_t time, float value)
{
    m_data.user.push_back(u);
    m_data.item.push_back(i);
    m_data.time.push_back(time);
    m_data.value.push_back(value);
}

void DatasetBuilder::reserve(std::size_t rows)
{
    m_data.user.reserve(rows);
    m_data.item.reserve(rows);
    m_data.time.reserve(rows);
    m_data.value.reserve(rows);
}

void DatasetBuilder::setCategory(AttributeColumn &column, std::size_t e, std::string_view value)
{
    if (column.codes.size() <= e)
        column.codes.resize(e + 1, -1);
    if (value.empty())
        return;
    const std::string text
        = core::detail::displayText(value); // a Windows-1252 file's values read as such
    value = text;
    std::int32_t code = -1;
    for (std::size_t c = 0; c < column.categories.size(); ++c)
        if (column.categories[c] == value) {
            code = static_cast<std::int32_t>(c);
            break;
        }
    if (code < 0) {
        code = static_cast<std::int32_t>(column.categories.size());
        column.categories.emplace_back(value);
    }
    column.codes[e] = code;
}

void DatasetBuilder::setNumber(AttributeColumn &column, std::size_t e, float value)
{
    column.numeric = true;
    if (column.numbers.size() <= e)
        column.numbers.resize(e + 1, std::numeric_limits<float>::quiet_NaN());
    column.numbers[e] = value;
}

void DatasetBuilder::setTokens(TokenSets &sets,
                               std::size_t e,
                               const std::vector<std::string_view> &tokens)
{
    while (sets.entities() < e) // items with no tokens in between
        sets.offsets.push_back(sets.offsets.back());
    for (std::string_view raw : tokens) {
        if (raw.empty())
            continue;
        const std::string text = core::detail::displayText(raw);
        const std::string_view t = text;
        std::int32_t code = -1;
        for (std::size_t c = 0; c < sets.vocabulary.size(); ++c)
            if (sets.vocabulary[c] == t) {
                code = static_cast<std::int32_t>(c);
                break;
            }
        if (code < 0) {
            code = static_cast<std::int32_t>(sets.vocabulary.size());
            sets.vocabulary.emplace_back(t);
        }
        sets.tokens.push_back(code);
    }
    sets.offsets.push_back(static_cast<std::int64_t>(sets.tokens.size()));
}

namespace {
void padColumn(AttributeColumn &c, std::size_t n)
{
    if (c.numeric)
        c.numbers.resize(n, std::numeric_limits<float>::quiet_NaN());
    else
        c.codes.resize(n, -1);
}
} // namespace

Dataset DatasetBuilder::finish()
{
    for (auto &c : m_data.userAttributes)
        padColumn(c, m_data.numUsers());
    for (auto &c : m_data.itemAttributes)
        padColumn(c, m_data.numItems());
    if (!m_data.itemCategories.empty() || !m_data.itemCategories.vocabulary.empty())
        while (m_data.itemCategories.entities() < m_data.numItems())
            m_data.itemCategories.offsets.push_back(m_data.itemCategories.offsets.back());
    if (!m_data.itemTitles.empty())
        m_data.itemTitles.resize(m_data.numItems());
    if (m_data.feedbackLevels.size() <= 1) { // a single level carries no information
        m_data.feedback.clear();
        m_data.feedbackLevels.clear();
    }
    m_data.validate();
    return std::move(m_data);
}

} // namespace recscope::sdk
