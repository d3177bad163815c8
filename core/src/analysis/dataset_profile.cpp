// SPDX-License-Identifier: MIT
#include "recscope/core/dataset_profile.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace recscope::core {

namespace {

std::vector<double> countsOf(const std::vector<std::int32_t> &ids, std::size_t n)
{
    std::vector<double> c(n, 0.0);
    for (auto id : ids)
        c[std::size_t(id)] += 1;
    return c;
}

/// Rank-frequency on log-spaced ranks so a million items plot as a few hundred points.
Curve rankFrequency(std::vector<double> counts)
{
    std::sort(counts.begin(), counts.end(), std::greater<>());
    while (!counts.empty() && counts.back() == 0)
        counts.pop_back();
    Curve c;
    std::size_t last = 0;
    for (double r = 1; r <= double(counts.size()); r *= 1.05) {
        const auto rank = std::size_t(r);
        if (rank == last)
            continue;
        last = rank;
        c.x.push_back(double(rank));
        c.y.push_back(counts[rank - 1]);
    }
    if (!counts.empty() && last != counts.size()) {
        c.x.push_back(double(counts.size()));
        c.y.push_back(counts.back());
    }
    return c;
}

Curve log2Histogram(const std::vector<double> &counts)
{
    std::vector<double> bins;
    for (double v : counts) {
        if (v < 1)
            continue;
        const auto b = std::size_t(std::floor(std::log2(v)));
        if (bins.size() <= b)
            bins.resize(b + 1, 0.0);
        bins[b] += 1;
    }
    Curve c;
    for (std::size_t b = 0; b < bins.size(); ++b) {
        c.x.push_back(std::ldexp(1.0, int(b)));
        c.y.push_back(bins[b]);
    }
    return c;
}

Curve cdf(std::vector<double> lengths)
{
    std::sort(lengths.begin(), lengths.end());
    Curve c;
    const double n = double(lengths.size());
    for (std::size_t k = 0; k < lengths.size(); ++k)
        if (k + 1 == lengths.size() || lengths[k + 1] != lengths[k]) {
            c.x.push_back(lengths[k]);
            c.y.push_back(double(k + 1) / n);
        }
    return c;
}

Curve timeHistogram(const std::vector<std::int64_t> &time, int buckets)
{
    Curve c;
    if (time.empty() || buckets < 1)
        return c;
    const auto [lo, hi] = std::minmax_element(time.begin(), time.end());
    const double start = double(*lo), width = std::max(1.0, double(*hi - *lo + 1) / buckets);
    c.y.assign(std::size_t(buckets), 0.0);
    for (auto t : time)
        c.y[std::min(std::size_t(buckets - 1), std::size_t((double(t) - start) / width))] += 1;
    for (int b = 0; b < buckets; ++b)
        c.x.push_back(start + b * width);
    return c;
}

Breakdown attributeBreakdown(const AttributeColumn &a, const std::vector<std::int32_t> &rowEntity)
{
    Breakdown b{a.name, {}, {}};
    std::vector<double> entities(a.categories.size(), 0.0), rows(a.categories.size(), 0.0);
    for (auto code : a.codes)
        if (code >= 0)
            entities[std::size_t(code)] += 1;
    for (auto e : rowEntity)
        if (auto code = a.codes[std::size_t(e)]; code >= 0)
            rows[std::size_t(code)] += 1;
    for (std::size_t k = 0; k < a.categories.size(); ++k) {
        b.entities.emplace_back(a.categories[k], entities[k]);
        b.interactions.emplace_back(a.categories[k], rows[k]);
    }
    return b;
}

Breakdown tokenBreakdown(const TokenSets &t, const std::vector<double> &itemRows)
{
    Breakdown b{t.name.empty() ? "categories" : t.name, {}, {}};
    std::vector<double> items(t.vocabulary.size(), 0.0), rows(t.vocabulary.size(), 0.0);
    for (std::size_t i = 0; i < t.entities(); ++i)
        for (auto tok : t.of(std::int64_t(i))) {
            items[std::size_t(tok)] += 1;
            rows[std::size_t(tok)] += i < itemRows.size() ? itemRows[i] : 0;
        }
    for (std::size_t k = 0; k < t.vocabulary.size(); ++k) {
        b.entities.emplace_back(t.vocabulary[k], items[k]);
        b.interactions.emplace_back(t.vocabulary[k], rows[k]);
    }
    return b;
}

std::vector<std::pair<std::string, double>> valueCounts(const Dataset &d)
{
    std::vector<std::pair<std::string, double>> out;
    if (!d.feedback.empty()) {
        std::vector<double> c(d.feedbackLevels.size(), 0.0);
        for (auto f : d.feedback)
            c[std::size_t(f)] += 1;
        for (std::size_t k = 0; k < c.size(); ++k)
            out.emplace_back(d.feedbackLevels[k], c[k]);
        return out;
    }
    std::map<float, double> byValue;
    for (float v : d.value)
        byValue[v] += 1;
    if (byValue.size() > 50) // a continuous value: too many bars to read; the view says so
        return out;
    for (const auto &[v, n] : byValue) {
        char label[32];
        std::snprintf(label, sizeof label, "%g", double(v));
        out.emplace_back(label, n);
    }
    return out;
}

} // namespace

DatasetProfile profileDataset(const Dataset &data, int timeBuckets)
{
    DatasetProfile p;
    const auto itemRows = countsOf(data.item, data.numItems());
    const auto userRows = countsOf(data.user, data.numUsers());
    p.popularityByRank = rankFrequency(itemRows);
    p.userActivity = log2Histogram(userRows);
    p.sequenceLengthCdf = cdf(userRows);
    p.valueCounts = valueCounts(data);
    p.overTime = timeHistogram(data.time, timeBuckets);
    for (const auto &a : data.userAttributes)
        if (!a.numeric)
            p.userBreakdowns.push_back(attributeBreakdown(a, data.user));
    // One breakdown per name: an item attribute (single-valued, e.g. the primary genre) wins over
    // the multi-valued categories and the source column of the same name.
    const auto hasAttribute = [&](const std::string &name) {
        return std::any_of(data.itemAttributes.begin(),
                           data.itemAttributes.end(),
                           [&](const AttributeColumn &a) { return !a.numeric && a.name == name; });
    };
    if (!data.itemCategories.empty() && !hasAttribute(data.itemCategories.name))
        p.itemBreakdowns.push_back(tokenBreakdown(data.itemCategories, itemRows));
    for (const auto &a : data.itemAttributes)
        if (!a.numeric)
            p.itemBreakdowns.push_back(attributeBreakdown(a, data.item));
    if (!data.itemSource.empty() && !hasAttribute("source")) {
        AttributeColumn source{"source", false, false, {"human", "AI-generated"}, {}, {}};
        source.codes.assign(data.itemSource.begin(), data.itemSource.end());
        p.itemBreakdowns.push_back(attributeBreakdown(source, data.item));
    }
    return p;
}

} // namespace recscope::core
