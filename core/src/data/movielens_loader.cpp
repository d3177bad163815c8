// SPDX-License-Identifier: MIT
// MovieLens loaders. File layouts follow GroupLens' README files for ML-100K (tab-separated
// u.data, '|' u.user / u.item with 19 genre flags), ML-1M/10M ("::" .dat files) and
// ML-20M/25M (CSV with a header and quoted titles).
#include "dataset_builder.h"
#include "recscope/core/error.h"
#include "recscope/core/loaders.h"
#include "text_reader.h"
#include "util/utf8.h"

namespace recscope::core {

namespace fs = std::filesystem;
using detail::DatasetBuilder;
using detail::displayText;
using detail::FieldSplitter;
using detail::LineReader;

namespace {

void expectFields(const std::vector<std::string_view> &f, std::size_t n, const LineReader &at)
{
    if (f.size() < n)
        throw DataError(at.fileName(),
                        at.lineNumber(),
                        "",
                        "expected " + std::to_string(n) + " fields, found "
                            + std::to_string(f.size()));
}

void readRatings(DatasetBuilder &b, const fs::path &file, FieldSplitter split, bool header)
{
    LineReader in(file);
    std::string_view line;
    b.reserve(fs::file_size(file) / 20);
    if (header)
        in.next(line);
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        expectFields(f, 4, in);
        const auto u = b.user(detail::idField(detail::trim(f[0]), in, "user"));
        const auto i = b.item(detail::idField(detail::trim(f[1]), in, "item"));
        const float rating = detail::parseFloat(f[2], in, "rating");
        const std::int64_t ts = detail::parseTimestamp(f[3], in, "timestamp");
        b.add(u, i, ts, rating);
    }
    b.data().hasTime = true;
    b.data().hasRating = true;
}

void addUserColumn(Dataset &d, const char *name, bool sensitive = false)
{
    AttributeColumn c;
    c.name = name;
    c.sensitive = sensitive;
    d.userAttributes.push_back(std::move(c));
}

// ML-100K u.user: id|age|gender|occupation|zip ; ML-1M users.dat: id::gender::age::occupation::zip
void readUsers(DatasetBuilder &b, const fs::path &file, FieldSplitter split, bool ml100k)
{
    Dataset &d = b.data();
    addUserColumn(d, "gender", true);
    addUserColumn(d, "age");
    addUserColumn(d, "occupation");
    const std::size_t g = d.userAttributes.size() - 3;
    LineReader in(file);
    std::string_view line;
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        expectFields(f, 5, in);
        const auto u = b.findUser(detail::trim(f[0]));
        if (u < 0)
            continue; // a user without ratings after loading
        DatasetBuilder::setCategory(d.userAttributes[g], u, f[ml100k ? 2 : 1]);
        DatasetBuilder::setCategory(d.userAttributes[g + 1], u, f[ml100k ? 1 : 2]);
        DatasetBuilder::setCategory(d.userAttributes[g + 2], u, f[3]);
    }
}

// ML-1M/10M movies.dat "id::title::A|B" and ML-20M/25M movies.csv "id,title,A|B".
void readMovies(DatasetBuilder &b, const fs::path &file, FieldSplitter split, bool header)
{
    Dataset &d = b.data();
    d.itemTitles.resize(d.numItems());
    d.itemCategories.name = "genre";
    LineReader in(file);
    std::string_view line;
    if (header)
        in.next(line);
    std::vector<std::vector<std::string>> owned(d.numItems());
    auto genreSplit = FieldSplitter::byChar('|');
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        expectFields(f, 3, in);
        const auto i = b.findItem(detail::trim(f[0]));
        if (i < 0)
            continue;
        d.itemTitles[i] = displayText(f[1]);
        for (auto t : genreSplit.split(f[2]))
            if (t != "(no genres listed)")
                owned[i].emplace_back(t);
    }
    for (std::size_t i = 0; i < d.numItems(); ++i) {
        std::vector<std::string_view> views(owned[i].begin(), owned[i].end());
        DatasetBuilder::setTokens(d.itemCategories, i, views);
    }
}

// ML-100K u.item: id|title|release|video|url|19 genre flags; names from u.genre.
void readItems100k(DatasetBuilder &b, const fs::path &dir)
{
    Dataset &d = b.data();
    std::vector<std::string> genreNames;
    if (fs::exists(dir / "u.genre")) {
        LineReader g(dir / "u.genre");
        std::string_view line;
        auto split = FieldSplitter::byChar('|');
        while (g.next(line))
            if (!line.empty())
                genreNames.emplace_back(split.split(line)[0]);
    }
    d.itemTitles.resize(d.numItems());
    d.itemCategories.name = "genre";
    std::vector<std::vector<std::string>> owned(d.numItems());
    LineReader in(dir / "u.item");
    std::string_view line;
    auto split = FieldSplitter::byChar('|');
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        expectFields(f, 6, in);
        const auto i = b.findItem(detail::trim(f[0]));
        if (i < 0)
            continue;
        d.itemTitles[i] = displayText(f[1]);
        for (std::size_t k = 5; k < f.size(); ++k)
            if (detail::trim(f[k]) == "1")
                owned[i].push_back(k - 5 < genreNames.size() ? genreNames[k - 5]
                                                             : "genre" + std::to_string(k - 5));
    }
    for (std::size_t i = 0; i < d.numItems(); ++i) {
        std::vector<std::string_view> views(owned[i].begin(), owned[i].end());
        DatasetBuilder::setTokens(d.itemCategories, i, views);
    }
}

} // namespace

Dataset loadMovieLens(const fs::path &path)
{
    const fs::path dir = fs::is_directory(path) ? path : path.parent_path();
    const std::string name = dir.filename().string();
    auto has = [&](const char *f) { return fs::exists(dir / f); };
    if (has("u.data")) {
        DatasetBuilder b(name.empty() ? "ml-100k" : name, (dir / "u.data").string());
        readRatings(b, dir / "u.data", FieldSplitter::byWhitespace(), false);
        if (has("u.user"))
            readUsers(b, dir / "u.user", FieldSplitter::byChar('|'), true);
        if (has("u.item"))
            readItems100k(b, dir);
        return b.finish();
    }
    if (has("ratings.dat")) {
        DatasetBuilder b(name.empty() ? "ml-1m" : name, (dir / "ratings.dat").string());
        readRatings(b, dir / "ratings.dat", FieldSplitter::byString("::"), false);
        if (has("users.dat"))
            readUsers(b, dir / "users.dat", FieldSplitter::byString("::"), false);
        if (has("movies.dat"))
            readMovies(b, dir / "movies.dat", FieldSplitter::byString("::"), false);
        return b.finish();
    }
    if (has("ratings.csv")) {
        DatasetBuilder b(name.empty() ? "ml-20m" : name, (dir / "ratings.csv").string());
        readRatings(b, dir / "ratings.csv", FieldSplitter::byChar(','), true);
        if (has("movies.csv"))
            readMovies(b, dir / "movies.csv", FieldSplitter::byChar(','), true);
        return b.finish();
    }
    throw DataError(path.string(),
                    0,
                    "",
                    "not a MovieLens folder: expected u.data (100K), ratings.dat (1M/10M) or "
                    "ratings.csv (20M/25M)");
}

} // namespace recscope::core
