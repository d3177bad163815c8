// SPDX-License-Identifier: MIT
#include "recscope/core/dataset.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <numeric>

namespace recscope::core {

std::span<const std::int32_t> TokenSets::of(std::int64_t entity) const
{
    if (entity + 1 >= static_cast<std::int64_t>(offsets.size()))
        return {};
    return {tokens.data() + offsets[entity], tokens.data() + offsets[entity + 1]};
}

namespace {
const AttributeColumn *findColumn(const std::vector<AttributeColumn> &columns,
                                  const std::string &name)
{
    for (const auto &c : columns)
        if (c.name == name)
            return &c;
    return nullptr;
}
} // namespace

const AttributeColumn *Dataset::userAttribute(const std::string &name) const
{
    return findColumn(userAttributes, name);
}

const AttributeColumn *Dataset::itemAttribute(const std::string &name) const
{
    return findColumn(itemAttributes, name);
}

const AttributeColumn *Dataset::sensitiveAttribute() const
{
    for (const auto &c : userAttributes)
        if (c.sensitive)
            return &c;
    return nullptr;
}

void Dataset::validate() const
{
    const std::size_t n = user.size();
    auto check = [&](std::size_t size, const char *field) {
        if (size != n)
            throw DataError(source,
                            0,
                            field,
                            "column has " + std::to_string(size) + " rows, expected "
                                + std::to_string(n));
    };
    check(item.size(), "item");
    check(time.size(), "time");
    check(value.size(), "value");
    if (!feedback.empty())
        check(feedback.size(), "feedback");
    if (!part.empty())
        check(part.size(), "part");
    const auto nu = static_cast<std::int32_t>(numUsers());
    const auto ni = static_cast<std::int32_t>(numItems());
    for (std::size_t r = 0; r < n; ++r) {
        if (user[r] < 0 || user[r] >= nu)
            throw DataError(source,
                            0,
                            "user",
                            "row " + std::to_string(r) + " has an out-of-range user index");
        if (item[r] < 0 || item[r] >= ni)
            throw DataError(source,
                            0,
                            "item",
                            "row " + std::to_string(r) + " has an out-of-range item index");
    }
    for (const auto &c : userAttributes)
        if ((c.numeric ? c.numbers.size() : c.codes.size()) != numUsers())
            throw DataError(source, 0, c.name, "user attribute does not cover every user");
    for (const auto &c : itemAttributes)
        if ((c.numeric ? c.numbers.size() : c.codes.size()) != numItems())
            throw DataError(source, 0, c.name, "item attribute does not cover every item");
    if (!itemSource.empty() && itemSource.size() != numItems())
        throw DataError(source, 0, "source", "item source labels do not cover every item");
    if (contentDim > 0 && itemContent.size() != numItems() * static_cast<std::size_t>(contentDim))
        throw DataError(source, 0, "content", "content vectors do not cover every item");
}

std::span<const std::int64_t> UserSequences::of(std::int64_t u) const
{
    return {rows.data() + offsets[u], rows.data() + offsets[u + 1]};
}

UserSequences buildUserSequences(const Dataset &data)
{
    // Counting sort by user keeps file order within a user; then a stable sort by time.
    UserSequences seq;
    seq.offsets.assign(data.numUsers() + 1, 0);
    for (auto u : data.user)
        ++seq.offsets[u + 1];
    std::partial_sum(seq.offsets.begin(), seq.offsets.end(), seq.offsets.begin());
    seq.rows.resize(data.numInteractions());
    std::vector<std::int64_t> cursor(seq.offsets.begin(), seq.offsets.end() - 1);
    for (std::size_t r = 0; r < data.numInteractions(); ++r)
        seq.rows[cursor[data.user[r]]++] = static_cast<std::int64_t>(r);
    for (std::size_t u = 0; u < data.numUsers(); ++u) {
        auto b = seq.rows.begin() + seq.offsets[u], e = seq.rows.begin() + seq.offsets[u + 1];
        std::stable_sort(b, e, [&](std::int64_t a, std::int64_t c) {
            return data.time[a] < data.time[c];
        });
    }
    return seq;
}

DatasetStats computeStats(const Dataset &data)
{
    DatasetStats s;
    s.users = data.numUsers();
    s.items = data.numItems();
    s.interactions = data.numInteractions();
    if (s.users == 0 || s.items == 0)
        return s;
    s.density = double(s.interactions) / (double(s.users) * double(s.items));
    std::vector<std::size_t> perUser(s.users, 0), perItem(s.items, 0);
    for (std::size_t r = 0; r < s.interactions; ++r) {
        ++perUser[data.user[r]];
        ++perItem[data.item[r]];
    }
    s.meanPerUser = double(s.interactions) / double(s.users);
    s.meanPerItem = double(s.interactions) / double(s.items);
    std::vector<std::size_t> sortedUsers = perUser;
    std::sort(sortedUsers.begin(), sortedUsers.end());
    s.minPerUser = sortedUsers.front();
    s.maxPerUser = sortedUsers.back();
    const std::size_t mid = sortedUsers.size() / 2;
    s.medianPerUser = sortedUsers.size() % 2
                          ? double(sortedUsers[mid])
                          : 0.5 * double(sortedUsers[mid - 1] + sortedUsers[mid]);
    std::sort(perItem.begin(), perItem.end());
    s.maxPerItem = perItem.back();
    // Gini of item counts, ascending order: G = sum_i (2i - n - 1) c_i / (n sum c), i = 1..n.
    const double n = double(perItem.size());
    double weighted = 0, total = 0;
    for (std::size_t i = 0; i < perItem.size(); ++i) {
        weighted += (2.0 * double(i + 1) - n - 1.0) * double(perItem[i]);
        total += double(perItem[i]);
    }
    s.itemGini = total > 0 ? weighted / (n * total) : 0;
    const std::size_t head = std::max<std::size_t>(1, perItem.size() / 5);
    double headSum = 0;
    for (std::size_t i = perItem.size() - head; i < perItem.size(); ++i)
        headSum += double(perItem[i]);
    s.top20Share = total > 0 ? headSum / total : 0;
    auto [mn, mx] = std::minmax_element(data.time.begin(), data.time.end());
    s.firstTime = *mn;
    s.lastTime = *mx;
    s.meanRating
        = std::accumulate(data.value.begin(), data.value.end(), 0.0) / double(s.interactions);
    if (!data.feedback.empty()) {
        std::vector<std::size_t> counts(data.feedbackLevels.size(), 0);
        for (auto f : data.feedback)
            if (f >= 0 && std::size_t(f) < counts.size())
                ++counts[f];
        for (std::size_t l = 0; l < counts.size(); ++l)
            s.feedbackCounts.emplace_back(data.feedbackLevels[l], counts[l]);
    }
    return s;
}

} // namespace recscope::core
