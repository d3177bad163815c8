// SPDX-License-Identifier: MIT
#include "audit/audit_internal.h"
#include "model/train_data.h"

#include <algorithm>
#include <numeric>

namespace recscope::core::detail {

namespace {

/// Exposure and hit share of the item groups of one family (group id per item, -1 = none).
void addShares(const std::string &family,
               const std::vector<std::string> &names,
               const std::vector<std::int64_t> &groupOf,
               const UserLists &l,
               AuditReport &report)
{
    const std::size_t items = groupOf.size();
    std::vector<double> count(names.size(), 0), exposure(names.size(), 0), hits(names.size(), 0);
    for (std::size_t i = 0; i < items; ++i)
        if (groupOf[i] >= 0)
            count[std::size_t(groupOf[i])] += 1;
    double totalExposure = 0, totalHits = 0;
    for (std::size_t u = 0; u < l.lists.size(); ++u)
        for (auto i : l.lists[u]) {
            const auto g = groupOf[std::size_t(i)];
            const bool hit = std::binary_search(l.test[u].begin(), l.test[u].end(), i);
            totalExposure += 1;
            totalHits += hit;
            if (g >= 0) {
                exposure[std::size_t(g)] += 1;
                hits[std::size_t(g)] += hit;
            }
        }
    for (std::size_t g = 0; g < names.size(); ++g)
        report.itemGroups.push_back({family,
                                     names[g],
                                     std::int64_t(count[g]),
                                     count[g] / double(std::max<std::size_t>(1, items)),
                                     totalExposure > 0 ? exposure[g] / totalExposure : 0.0,
                                     totalHits > 0 ? hits[g] / totalHits : 0.0});
}

} // namespace

void addItemSide(const AuditInputs &in,
                 const UserLists &l,
                 const AuditConfig &config,
                 AuditReport &report)
{
    const std::size_t items = in.data.numItems();
    const auto popularity = itemRowCounts(in.train); // RecBole's count_items over training rows
    const auto tail = longTail(popularity, config.headShare);
    const auto exposure = exposureCounts(l.lists, items);
    auto &b = report.bias;
    double arp = 0;
    for (const auto &r : l.lists) {
        double s = 0;
        for (auto i : r)
            s += double(popularity[std::size_t(i)]);
        arp += r.empty() ? 0.0 : s / double(r.size());
    }
    b["ARP"] = l.lists.empty() ? 0.0 : arp / double(l.lists.size());
    b["APLT"] = aplt(l.lists, tail);
    b["ACLT"] = aclt(l.lists, tail);
    b["PopRSP"] = popRsp(l.lists, l.train, tail);
    b["PopREO"] = popReo(l.lists, l.test, l.train, tail);
    b["GiniRecBole"] = giniRecBole(exposure);
    b["GiniElliot"] = giniElliot(exposure);
    b["ItemCoverage"]
        = double(
              std::count_if(exposure.begin(), exposure.end(), [](std::int64_t c) { return c > 0; }))
          / double(items);
    std::vector<std::vector<std::int32_t>> genres(items);
    if (!in.data.itemCategories.empty())
        for (std::size_t i = 0; i < items; ++i) {
            const auto t = in.data.itemCategories.of(std::int64_t(i));
            genres[i].assign(t.begin(), t.end());
        }
    if (!in.data.itemCategories.empty())
        b["CalibrationKL"] = calibrationKl(l.lists,
                                           l.history,
                                           genres,
                                           in.data.itemCategories.vocabulary.size(),
                                           config.calibrationAlpha);

    std::vector<std::int64_t> headTail(items), firstGenre(items, -1), source(items, -1);
    for (std::size_t i = 0; i < items; ++i) {
        headTail[i] = tail[i] ? 1 : 0;
        if (!genres[i].empty())
            firstGenre[i] = genres[i][0];
        if (!in.data.itemSource.empty())
            source[i] = in.data.itemSource[i];
    }
    addShares("popularity", {"head", "tail"}, headTail, l, report);
    if (!in.data.itemCategories.empty())
        addShares("genre", in.data.itemCategories.vocabulary, firstGenre, l, report);
    if (!in.data.itemSource.empty())
        addShares("source", {"human", "ai"}, source, l, report);
    lorenzCurve(exposure, report.lorenzX, report.lorenzY);
    report.popularity.assign(popularity.begin(), popularity.end());
    report.exposure.assign(exposure.begin(), exposure.end());
}

} // namespace recscope::core::detail
