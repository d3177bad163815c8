// SPDX-License-Identifier: MIT
// The "files" split: a dataset's train, valid and test files read with the dataset's own loader
// (built-in or plugin) and merged into one Dataset by original id, each row keeping its part.
#include "recscope/core/split_files.h"

#include "data/dataset_builder.h"
#include "data/text_reader.h"
#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace recscope::core {

namespace fs = std::filesystem;
using detail::DatasetBuilder;

namespace {

constexpr const char *kPartNames[3] = {"train", "valid", "test"};

/// Line of the row-th data row (0-based) of a text file: the row-th non-empty line after the
/// header lines, as the built-in loaders count them. 0 when the file is shorter.
std::int64_t lineOfRow(const fs::path &file, std::int64_t row, int headerLines)
{
    detail::LineReader in(file);
    std::string_view line;
    std::int64_t seen = -1;
    while (in.next(line))
        if (in.lineNumber() > headerLines && !line.empty() && ++seen == row)
            return in.lineNumber();
    return 0;
}

int headerLinesOf(const DatasetSource &source, DatasetFormat format)
{
    if (format == DatasetFormat::RecBoleAtomic)
        return 1;
    if (format == DatasetFormat::Delimited)
        return source.mapping.header ? 1 : 0;
    return 0;
}

/// Joins the parts' side data (attributes, genres, titles, sources, content) onto the merged
/// ids: the first part that knows an entity's value gives it.
class SideMerger
{
public:
    void addAttributes(std::vector<AttributeColumn> &into,
                       const std::vector<AttributeColumn> &from,
                       const std::vector<std::int32_t> &ids)
    {
        for (const auto &c : from) {
            auto it = std::find_if(into.begin(), into.end(), [&](const AttributeColumn &x) {
                return x.name == c.name;
            });
            if (it == into.end()) {
                into.push_back(AttributeColumn{c.name, c.numeric, c.sensitive, {}, {}, {}});
                it = into.end() - 1;
            }
            for (std::size_t e = 0; e < ids.size(); ++e) {
                const auto to = std::size_t(ids[e]);
                if (c.numeric && e < c.numbers.size() && !std::isnan(c.numbers[e])
                    && (to >= it->numbers.size() || std::isnan(it->numbers[to])))
                    DatasetBuilder::setNumber(*it, to, c.numbers[e]);
                if (!c.numeric && e < c.codes.size() && c.codes[e] >= 0
                    && (to >= it->codes.size() || it->codes[to] < 0))
                    DatasetBuilder::setCategory(*it, to, c.categories[std::size_t(c.codes[e])]);
            }
        }
    }

    void addItems(const Dataset &part, const std::vector<std::int32_t> &ids)
    {
        if (!part.itemCategories.vocabulary.empty())
            m_categoryName = part.itemCategories.name;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto &item = m_items[ids[i]];
            if (item.tokens.empty() && part.itemCategories.entities() == part.numItems())
                for (auto t : part.itemCategories.of(std::int64_t(i)))
                    item.tokens.push_back(part.itemCategories.vocabulary[std::size_t(t)]);
            if (item.title.empty() && i < part.itemTitles.size())
                item.title = part.itemTitles[i];
            if (item.source < 0 && i < part.itemSource.size())
                item.source = part.itemSource[i];
            if (item.content.empty() && part.contentDim > 0)
                item.content.assign(part.itemContent.begin() + std::ptrdiff_t(i) * part.contentDim,
                                    part.itemContent.begin()
                                        + std::ptrdiff_t(i + 1) * part.contentDim);
        }
    }

    /// Writes the item-side data into d (whose items are all interned by now).
    void finish(Dataset &d) const
    {
        const auto n = d.numItems();
        bool titles = false, sources = true, content = true;
        std::size_t dim = 0;
        for (const auto &[id, item] : m_items) {
            titles = titles || !item.title.empty();
            sources = sources && item.source >= 0;
            dim = std::max(dim, item.content.size());
        }
        for (const auto &[id, item] : m_items)
            content = content && item.content.size() == dim;
        d.itemCategories.name = m_categoryName;
        for (std::size_t i = 0; i < n && !m_categoryName.empty(); ++i) {
            const auto it = m_items.find(std::int32_t(i));
            std::vector<std::string_view> tokens;
            if (it != m_items.end())
                tokens.assign(it->second.tokens.begin(), it->second.tokens.end());
            DatasetBuilder::setTokens(d.itemCategories, i, tokens);
        }
        if (titles)
            d.itemTitles.assign(n, {});
        if (sources && m_items.size() == n)
            d.itemSource.assign(n, 0);
        if (content && dim > 0 && m_items.size() == n) {
            d.contentDim = int(dim);
            d.itemContent.assign(n * dim, 0.0f);
        }
        for (const auto &[id, item] : m_items) {
            const auto i = std::size_t(id);
            if (titles)
                d.itemTitles[i] = item.title;
            if (!d.itemSource.empty())
                d.itemSource[i] = item.source;
            if (d.contentDim > 0)
                std::copy(item.content.begin(),
                          item.content.end(),
                          d.itemContent.begin() + std::ptrdiff_t(i * dim));
        }
    }

private:
    struct Item
    {
        std::vector<std::string> tokens;
        std::string title;
        std::int8_t source = -1;
        std::vector<float> content;
    };
    std::map<std::int32_t, Item> m_items;
    std::string m_categoryName;
};

/// The merged dataset; throws DataError for a row found in an earlier part, and unless they are
/// kept, for a valid/test user without training rows. Parts without timestamps must all lack
/// them (their row numbers become one clock).
Dataset mergeParts(const std::array<Dataset, 3> &parts,
                   const std::array<fs::path, 3> &files,
                   int headerLines,
                   bool keepColdUsers)
{
    DatasetBuilder b(parts[0].name, files[0].string());
    Dataset &d = b.data();
    SideMerger side;
    std::set<std::tuple<std::int32_t, std::int32_t, std::int64_t>>
        seen; // (user, item, time) of earlier parts
    std::vector<bool> trains;
    for (std::size_t p = 1; p < 3; ++p)
        if (parts[p].numInteractions() > 0 && parts[p].hasTime != parts[0].hasTime)
            throw DataError(files[p].string(),
                            0,
                            "timestamp",
                            std::string("this part ") + (parts[p].hasTime ? "has" : "lacks")
                                + " timestamps and the training part does not; give all parts the "
                                  "same columns");
    for (std::size_t p = 0; p < 3; ++p) {
        const Dataset &part = parts[p];
        std::vector<std::int32_t> users(part.numUsers()), items(part.numItems());
        for (std::size_t u = 0; u < users.size(); ++u)
            users[u] = b.user(part.userIds[u]);
        for (std::size_t i = 0; i < items.size(); ++i)
            items[i] = b.item(part.itemIds[i]);
        trains.resize(d.numUsers(), false);
        auto fail = [&](std::size_t row, const std::string &what) {
            throw DataError(files[p].string(),
                            lineOfRow(files[p], std::int64_t(row), headerLines),
                            "",
                            what);
        };
        std::vector<std::tuple<std::int32_t, std::int32_t, std::int64_t>> added;
        // A file without timestamps numbers its rows; the parts continue one numbering (train,
        // then valid, then test), so each user's rows keep the parts' order. Its overlap check
        // is on the user–item pair: a repeat cannot be told from a duplicate without a clock.
        const std::int64_t rowsBefore = std::int64_t(d.numInteractions());
        for (std::size_t r = 0; r < part.numInteractions(); ++r) {
            const std::int64_t time = part.hasTime ? part.time[r] : rowsBefore + std::int64_t(r);
            const auto u = users[std::size_t(part.user[r])], i = items[std::size_t(part.item[r])];
            if (p == 0)
                trains[std::size_t(u)] = true;
            else if (!trains[std::size_t(u)] && !keepColdUsers)
                fail(r,
                     "user '" + part.userIds[std::size_t(part.user[r])]
                         + "' has no row in the training file " + files[0].filename().string()
                         + " (files of another preparation?); a temporal split has such users: set "
                           "\"cold_users\": \"keep\"");
            const auto key = std::make_tuple(u, i, part.hasTime ? time : std::int64_t(-1));
            if (seen.count(key))
                fail(r,
                     "user '" + part.userIds[std::size_t(part.user[r])] + "', item '"
                         + part.itemIds[std::size_t(part.item[r])] + "'"
                         + (part.hasTime ? " at time " + std::to_string(time)
                                         : std::string(" (no timestamps)"))
                         + " is also in an earlier part; the parts overlap");
            added.push_back(key);
            b.add(u, i, time, part.value[r]);
            d.part.push_back(std::int8_t(p));
            if (!part.feedback.empty())
                d.feedback.push_back(
                    b.feedbackLevel(part.feedbackLevels[std::size_t(part.feedback[r])]));
        }
        seen.insert(added.begin(), added.end());
        d.hasTime = d.hasTime || part.hasTime;
        d.hasRating = d.hasRating || part.hasRating;
        side.addAttributes(d.userAttributes, part.userAttributes, users);
        side.addAttributes(d.itemAttributes, part.itemAttributes, items);
        side.addItems(part, items);
    }
    if (!d.feedback.empty() && d.feedback.size() != d.numInteractions())
        throw DataError(files[0].string(),
                        0,
                        "feedback",
                        "some part files have a feedback column and others do not");
    side.finish(d);
    return b.finish();
}

} // namespace

std::array<fs::path, 3> splitFiles(const DatasetSource &source, const SplitConfig &split)
{
    std::array<fs::path, 3> out = split.files;
    if (source.format == DatasetFormat::Synthetic || source.format == DatasetFormat::MovieLens)
        throw ConfigError(
            "split.kind",
            std::string("a ") + formatName(source.format)
                + " dataset has no split files; use leave_one_out, user_ratio or temporal");
    const fs::path &path = source.path;
    const bool recbole = source.format == DatasetFormat::RecBoleAtomic
                         || path.extension() == ".inter"
                         || (source.format == DatasetFormat::Auto && fs::is_directory(path));
    for (std::size_t k = 0; k < 3; ++k) {
        if (!out[k].empty())
            continue;
        if (recbole) { // RecBole's benchmark_filename convention
            const fs::path base = fs::is_directory(path) ? path / path.filename()
                                                         : path.parent_path() / path.stem();
            out[k] = base.string() + "." + kPartNames[k] + ".inter";
        } else if (fs::is_directory(path) || path.extension().empty()) {
            throw ConfigError(std::string("split.") + kPartNames[k],
                              "name the part file (the dataset path " + path.string()
                                  + " has no extension to derive it from)");
        } else {
            out[k] = path.parent_path()
                     / (path.stem().string() + "." + kPartNames[k] + path.extension().string());
        }
    }
    return out;
}

Dataset loadExperimentData(const DatasetSource &source, const SplitConfig &split)
{
    if (split.kind != SplitKind::Files)
        return loadDataset(source);
    const auto files = splitFiles(source, split);
    std::array<Dataset, 3> parts;
    DatasetFormat format = source.format;
    for (std::size_t k = 0; k < 3; ++k) {
        if (!fs::exists(files[k]))
            throw DataError(files[k].string(),
                            0,
                            "",
                            std::string("the ") + kPartNames[k] + " part of the split is missing");
        DatasetSource part = source;
        part.path = files[k];
        if (part.format == DatasetFormat::Auto)
            part.format = format = detectFormat(files[k]);
        parts[k] = detail::loadDatasetFile(part);
        if (parts[k].numInteractions() == 0 && k != 1)
            throw DataError(files[k].string(),
                            0,
                            "",
                            std::string("the ") + kPartNames[k] + " part has no rows");
    }
    Dataset merged = mergeParts(parts, files, headerLinesOf(source, format), split.keepColdUsers);
    merged.source = files[0].parent_path().string();
    return merged;
}

} // namespace recscope::core
