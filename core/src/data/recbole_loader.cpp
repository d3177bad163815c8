// SPDX-License-Identifier: MIT
// RecBole atomic files (recbole.io/docs/user_guide/data/atomic_files.html): tab-separated with a
// typed header "name:type", type one of token, token_seq, float, float_seq. Field names follow
// RecBole's defaults: user_id, item_id, rating, timestamp.
#include "dataset_builder.h"
#include "recscope/core/error.h"
#include "recscope/core/loaders.h"
#include "text_reader.h"
#include "util/utf8.h"

#include <cmath>
#include <cstring>

namespace recscope::core {

namespace fs = std::filesystem;
using detail::DatasetBuilder;
using detail::FieldSplitter;
using detail::LineReader;

namespace {

struct TypedField
{
    std::string name;
    std::string type;
};

std::vector<TypedField> readHeader(LineReader &in)
{
    std::string_view line;
    if (!in.next(line))
        throw DataError(in.fileName(),
                        1,
                        "",
                        "file is empty; expected a typed header such as user_id:token");
    std::vector<TypedField> fields;
    auto split = FieldSplitter::byChar('\t');
    for (auto f : split.split(line)) {
        const auto colon = f.rfind(':');
        if (colon == std::string_view::npos)
            throw DataError(in.fileName(),
                            1,
                            std::string(f),
                            "header field has no ':type' (token, token_seq, float, float_seq)");
        TypedField t{std::string(f.substr(0, colon)), std::string(f.substr(colon + 1))};
        if (t.type != "token" && t.type != "token_seq" && t.type != "float"
            && t.type != "float_seq")
            throw DataError(in.fileName(), 1, t.name, "unknown field type '" + t.type + "'");
        // The same name with two types is told apart by its type (RecScope's own export writes
        // an item's primary genre:token beside its genre:token_seq); the same name and type twice
        // is not.
        for (const auto &seen : fields)
            if (seen.name == t.name && seen.type == t.type)
                throw DataError(in.fileName(), 1, t.name, "the header names this field twice");
        fields.push_back(std::move(t));
    }
    return fields;
}

/// RecBole reads a field by its annotation: a key typed float, or a rating typed token, would
/// mean something else there, so it is refused rather than reinterpreted.
void expectType(const std::vector<TypedField> &fields,
                int index,
                const char *type,
                const LineReader &in)
{
    if (index >= 0 && fields[index].type != type)
        throw DataError(in.fileName(),
                        1,
                        fields[index].name + ":" + fields[index].type,
                        std::string("expected ") + fields[index].name + ":" + type);
}

int indexOf(const std::vector<TypedField> &fields, const std::string &name)
{
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name)
            return static_cast<int>(i);
    return -1;
}

void readInter(DatasetBuilder &b, const fs::path &file)
{
    LineReader in(file);
    const auto fields = readHeader(in);
    const int u = indexOf(fields, "user_id"), i = indexOf(fields, "item_id");
    if (u < 0 || i < 0)
        throw DataError(file.string(),
                        1,
                        u < 0 ? "user_id" : "item_id",
                        "required field is missing from the header");
    const int r = indexOf(fields, "rating"), t = indexOf(fields, "timestamp");
    expectType(fields, u, "token", in);
    expectType(fields, i, "token", in);
    expectType(fields, r, "float", in);
    expectType(fields, t, "float", in);
    b.data().hasRating = r >= 0;
    b.data().hasTime = t >= 0;
    b.reserve(fs::file_size(file) / 24);
    auto split = FieldSplitter::byChar('\t');
    std::string_view line;
    std::int64_t row = 0;
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        if (f.size() != fields.size())
            throw DataError(file.string(),
                            in.lineNumber(),
                            "",
                            "expected " + std::to_string(fields.size())
                                + " tab-separated fields, found " + std::to_string(f.size()));
        const float rating = r >= 0 ? detail::parseFloat(f[r], in, "rating") : 1.0f;
        const std::int64_t ts = t >= 0 ? detail::parseTimestamp(f[t], in, "timestamp") : row;
        b.add(b.user(detail::idField(f[u], in, "user")),
              b.item(detail::idField(f[i], in, "item")),
              ts,
              rating);
        ++row;
    }
}

bool isCategoryField(const std::string &name)
{
    return name == "genre" || name == "genres" || name == "categories" || name == "category"
           || name == "tags";
}

// .user / .item: token → categorical attribute, float → numeric, token_seq genre/category →
// item categories, title token_seq → display title. Other sequences are skipped.
void readSide(DatasetBuilder &b, const fs::path &file, bool users)
{
    LineReader in(file);
    const auto fields = readHeader(in);
    const int key = indexOf(fields, users ? "user_id" : "item_id");
    expectType(fields, key, "token", in);
    if (key < 0)
        throw DataError(file.string(),
                        1,
                        users ? "user_id" : "item_id",
                        "required field is missing from the header");
    Dataset &d = b.data();
    auto &columns = users ? d.userAttributes : d.itemAttributes;
    std::vector<int> columnOf(fields.size(), -1);
    int title = -1, categories = -1;
    for (std::size_t k = 0; k < fields.size(); ++k) {
        if (int(k) == key)
            continue;
        const auto &f = fields[k];
        if (!users && f.type == "token_seq" && isCategoryField(f.name)) {
            categories = int(k);
        } else if (!users && (f.name == "movie_title" || f.name == "title")) {
            title = int(k);
        } else if (f.type == "token" || f.type == "float") {
            AttributeColumn c;
            c.name = f.name;
            c.numeric = f.type == "float";
            c.sensitive = users && (f.name == "gender" || f.name == "sex");
            columnOf[k] = int(columns.size());
            columns.push_back(std::move(c));
        }
    }
    if (title >= 0)
        d.itemTitles.resize(d.numItems());
    std::vector<std::vector<std::string>> tokens(categories >= 0 ? d.numItems() : 0);
    auto split = FieldSplitter::byChar('\t');
    auto words = FieldSplitter::byWhitespace();
    std::string_view line;
    while (in.next(line)) {
        if (line.empty())
            continue;
        const auto &f = split.split(line);
        if (f.size() != fields.size())
            throw DataError(file.string(),
                            in.lineNumber(),
                            "",
                            "expected " + std::to_string(fields.size())
                                + " tab-separated fields, found " + std::to_string(f.size()));
        const auto e = users ? b.findUser(f[key]) : b.findItem(f[key]);
        if (e < 0)
            continue;
        for (std::size_t k = 0; k < f.size(); ++k) {
            if (columnOf[k] < 0)
                continue;
            auto &c = columns[columnOf[k]];
            if (c.numeric)
                DatasetBuilder::setNumber(c,
                                          e,
                                          f[k].empty()
                                              ? NAN
                                              : detail::parseFloat(f[k], in, fields[k].name));
            else
                DatasetBuilder::setCategory(c, e, f[k]);
        }
        if (title >= 0)
            d.itemTitles[e] = detail::displayText(f[title]);
        if (categories >= 0)
            for (auto t : words.split(f[categories]))
                tokens[e].emplace_back(t);
    }
    if (categories >= 0) {
        d.itemCategories.name = fields[categories].name;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::vector<std::string_view> v(tokens[i].begin(), tokens[i].end());
            DatasetBuilder::setTokens(d.itemCategories, i, v);
        }
    }
}

} // namespace

Dataset loadRecBoleAtomic(const fs::path &path)
{
    fs::path inter = path;
    if (fs::is_directory(path))
        inter = path / (path.filename().string() + ".inter");
    if (inter.extension() != ".inter")
        throw DataError(path.string(),
                        0,
                        "",
                        "expected a RecBole .inter file or a folder NAME/ holding NAME.inter");
    const std::string stem = inter.stem().string();
    DatasetBuilder b(stem, inter.string());
    readInter(b, inter);
    const fs::path dir = inter.parent_path();
    // Benchmark files NAME.train.inter (RecBole's benchmark_filename) share NAME.user / NAME.item.
    auto sideFile = [&](const char *ext) {
        fs::path own = dir / (stem + ext);
        for (const char *part : {".train", ".valid", ".test"})
            if (!fs::exists(own) && stem.size() > std::strlen(part) && stem.ends_with(part))
                own = dir / (stem.substr(0, stem.size() - std::strlen(part)) + ext);
        return own;
    };
    if (const auto user = sideFile(".user"); fs::exists(user))
        readSide(b, user, true);
    if (const auto item = sideFile(".item"); fs::exists(item))
        readSide(b, item, false);
    return b.finish();
}

} // namespace recscope::core
