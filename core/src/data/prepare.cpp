// SPDX-License-Identifier: MIT
#include "recscope/core/prepare.h"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace recscope::core {

std::string PrepareReport::summary() const
{
    std::ostringstream s;
    s << rowsIn << " rows in";
    if (belowThreshold)
        s << ", " << belowThreshold << " below the implicit threshold";
    if (duplicates)
        s << ", " << duplicates << " duplicates";
    if (kcoreRemoved)
        s << ", " << kcoreRemoved << " removed by k-core (" << kcoreRounds << " rounds)";
    s << " -> " << rowsOut << " rows, " << usersOut << " users, " << itemsOut << " items";
    return s.str();
}

namespace {

template<class T>
std::vector<T> pick(const std::vector<T> &v, const std::vector<std::int64_t> &idx)
{
    std::vector<T> out;
    out.reserve(idx.size());
    for (auto i : idx)
        out.push_back(v[i]);
    return out;
}

AttributeColumn pickColumn(const AttributeColumn &c, const std::vector<std::int64_t> &keep)
{
    AttributeColumn out = c;
    if (c.numeric)
        out.numbers = pick(c.numbers, keep);
    else
        out.codes = pick(c.codes, keep);
    return out;
}

} // namespace

Dataset subsetInteractions(const Dataset &data, const std::vector<std::int64_t> &rows)
{
    // New dense ids in order of first appearance in the original id order (stable numbering).
    std::vector<std::int32_t> userMap(data.numUsers(), -1), itemMap(data.numItems(), -1);
    for (auto r : rows) {
        userMap[data.user[r]] = 0;
        itemMap[data.item[r]] = 0;
    }
    std::vector<std::int64_t> keptUsers, keptItems;
    for (std::size_t u = 0; u < userMap.size(); ++u)
        if (userMap[u] == 0) {
            userMap[u] = std::int32_t(keptUsers.size());
            keptUsers.push_back(std::int64_t(u));
        }
    for (std::size_t i = 0; i < itemMap.size(); ++i)
        if (itemMap[i] == 0) {
            itemMap[i] = std::int32_t(keptItems.size());
            keptItems.push_back(std::int64_t(i));
        }

    Dataset out;
    out.name = data.name;
    out.source = data.source;
    out.hasTime = data.hasTime;
    out.hasRating = data.hasRating;
    out.feedbackLevels = data.feedbackLevels;
    out.userIds = pick(data.userIds, keptUsers);
    out.itemIds = pick(data.itemIds, keptItems);
    if (!data.itemTitles.empty())
        out.itemTitles = pick(data.itemTitles, keptItems);
    out.user.reserve(rows.size());
    out.item.reserve(rows.size());
    for (auto r : rows) {
        out.user.push_back(userMap[data.user[r]]);
        out.item.push_back(itemMap[data.item[r]]);
    }
    out.time = pick(data.time, rows);
    out.value = pick(data.value, rows);
    if (!data.feedback.empty())
        out.feedback = pick(data.feedback, rows);
    if (!data.part.empty())
        out.part = pick(data.part, rows);
    for (const auto &c : data.userAttributes)
        out.userAttributes.push_back(pickColumn(c, keptUsers));
    for (const auto &c : data.itemAttributes)
        out.itemAttributes.push_back(pickColumn(c, keptItems));
    out.itemCategories.name = data.itemCategories.name;
    out.itemCategories.vocabulary = data.itemCategories.vocabulary;
    if (data.itemCategories.entities() == data.numItems() && data.numItems() > 0) {
        for (auto i : keptItems) {
            auto t = data.itemCategories.of(i);
            out.itemCategories.tokens.insert(out.itemCategories.tokens.end(), t.begin(), t.end());
            out.itemCategories.offsets.push_back(std::int64_t(out.itemCategories.tokens.size()));
        }
    }
    if (!data.itemSource.empty())
        out.itemSource = pick(data.itemSource, keptItems);
    out.contentDim = data.contentDim;
    if (data.contentDim > 0)
        for (auto i : keptItems)
            out.itemContent.insert(out.itemContent.end(),
                                   data.itemContent.begin() + i * data.contentDim,
                                   data.itemContent.begin() + (i + 1) * data.contentDim);
    return out;
}

Dataset prepareDataset(const Dataset &data, const PrepareOptions &options, PrepareReport *report)
{
    PrepareReport rep;
    rep.rowsIn = data.numInteractions();
    std::vector<std::int64_t> rows;
    rows.reserve(rep.rowsIn);
    for (std::size_t r = 0; r < rep.rowsIn; ++r)
        if (!options.implicitThreshold || data.value[r] >= *options.implicitThreshold)
            rows.push_back(std::int64_t(r));
    rep.belowThreshold = rep.rowsIn - rows.size();

    if (options.dedupe) {
        // Keep the latest row of each (user, item); ties in time keep the later file row.
        std::vector<std::int64_t> order = rows;
        std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
            if (data.user[a] != data.user[b])
                return data.user[a] < data.user[b];
            if (data.item[a] != data.item[b])
                return data.item[a] < data.item[b];
            return data.time[a] < data.time[b];
        });
        std::vector<std::int64_t> kept;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const bool lastOfPair = k + 1 == order.size()
                                    || data.user[order[k + 1]] != data.user[order[k]]
                                    || data.item[order[k + 1]] != data.item[order[k]];
            if (lastOfPair)
                kept.push_back(order[k]);
        }
        std::sort(kept.begin(), kept.end());
        rep.duplicates = rows.size() - kept.size();
        rows.swap(kept);
    }

    if (options.userCore > 0 || options.itemCore > 0) {
        const std::size_t before = rows.size();
        for (;;) {
            std::vector<std::int64_t> uc(data.numUsers(), 0), ic(data.numItems(), 0);
            for (auto r : rows) {
                ++uc[data.user[r]];
                ++ic[data.item[r]];
            }
            std::vector<std::int64_t> kept;
            kept.reserve(rows.size());
            for (auto r : rows)
                if (uc[data.user[r]] >= options.userCore && ic[data.item[r]] >= options.itemCore)
                    kept.push_back(r);
            ++rep.kcoreRounds;
            if (kept.size() == rows.size())
                break;
            rows.swap(kept);
        }
        rep.kcoreRemoved = before - rows.size();
    }

    Dataset out = subsetInteractions(data, rows);
    if (options.implicitThreshold) {
        std::fill(out.value.begin(), out.value.end(), 1.0f);
        out.hasRating = false;
    }
    rep.rowsOut = out.numInteractions();
    rep.usersOut = out.numUsers();
    rep.itemsOut = out.numItems();
    if (report)
        *report = rep;
    return out;
}

} // namespace recscope::core
