// SPDX-License-Identifier: MIT
// A split written as files another framework reads: RecBole's benchmark files (typed headers,
// NAME.train.inter, NAME.valid.inter, NAME.test.inter, NAME.user, NAME.item) or TSV.
#include "recscope/core/error.h"
#include "recscope/core/split_files.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <vector>

namespace recscope::core {

namespace fs = std::filesystem;

namespace {

/// A field value as written: DataError when it would break the file's structure.
const std::string &checked(const std::string &value, const char *field, const std::string &what)
{
    if (value.find_first_of("\t\r\n") != std::string::npos)
        throw DataError(
            what,
            0,
            field,
            "'" + value
                + "' holds a tab or a line break and cannot be written to a tab-separated file");
    return value;
}

std::string number(double v)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v); // shortest form that reads back exactly
    return std::string(buf, r.ptr);
}

/// Writes beside the target, renames when complete.
class AtomicFile
{
public:
    explicit AtomicFile(fs::path target)
        : m_target(std::move(target))
        , m_tmp(m_target.string() + ".tmp")
        , m_out(m_tmp)
    {
        if (!m_out)
            throw StoreError("cannot write " + m_tmp.string());
    }
    std::ofstream &out() { return m_out; }
    void commit()
    {
        m_out.close();
        if (!m_out)
            throw StoreError("cannot write " + m_tmp.string() + " (disk full?)");
        fs::rename(m_tmp, m_target);
    }
    ~AtomicFile()
    {
        if (fs::exists(m_tmp)) {
            std::error_code ec;
            fs::remove(m_tmp, ec);
        }
    }

private:
    fs::path m_target, m_tmp;
    std::ofstream m_out;
};

void writeRows(std::ofstream &out,
               const Dataset &d,
               const std::vector<std::int64_t> &rows,
               bool typed,
               const std::string &what)
{
    const bool feedback = !d.feedbackLevels.empty();
    out << (typed ? "user_id:token\titem_id:token\trating:float\ttimestamp:float"
                  : "user\titem\trating\ttimestamp")
        << (feedback ? (typed ? "\tfeedback:token" : "\tfeedback") : "") << '\n';
    for (auto r : rows) {
        const auto row = std::size_t(r);
        out << checked(d.userIds[std::size_t(d.user[row])], "user", what) << '\t'
            << checked(d.itemIds[std::size_t(d.item[row])], "item", what) << '\t'
            << number(d.value[row]) << '\t' << d.time[row];
        if (feedback)
            out << '\t' << d.feedbackLevels[std::size_t(d.feedback[row])];
        out << '\n';
    }
}

/// RecBole's sequential benchmark rows for part k: each target with the items the user had
/// before it in the earlier parts and earlier in this one (the last maxLength, oldest first).
void writeSequenceRows(std::ofstream &out,
                       const Dataset &d,
                       const Split &split,
                       std::size_t k,
                       int maxLength,
                       const std::string &what)
{
    out << "user_id:token\titem_id_list:token_seq\titem_id:token\n";
    const std::vector<std::int64_t> *parts[3] = {&split.train, &split.valid, &split.test};
    std::vector<std::vector<std::int32_t>> known(
        d.numUsers()); // items of the earlier parts, in order
    for (std::size_t p = 0; p < k; ++p)
        for (auto r : *parts[p])
            known[std::size_t(d.user[std::size_t(r)])].push_back(d.item[std::size_t(r)]);
    for (auto r : *parts[k]) {
        const auto u = std::size_t(d.user[std::size_t(r)]);
        auto &before = known[u];
        if (!before.empty()) { // RecBole's augmentation starts at a user's second item
            out << checked(d.userIds[u], "user", what) << '\t';
            const std::size_t from = before.size() > std::size_t(maxLength)
                                         ? before.size() - std::size_t(maxLength)
                                         : 0;
            for (std::size_t i = from; i < before.size(); ++i)
                out << (i > from ? " " : "")
                    << checked(d.itemIds[std::size_t(before[i])], "item", what);
            out << '\t' << d.itemIds[std::size_t(d.item[std::size_t(r)])] << '\n';
        }
        before.push_back(d.item[std::size_t(r)]);
    }
}

/// NAME.user or NAME.item: the entity's attributes (and for items genres and titles) with
/// RecBole's types; nothing is written when there is nothing to say.
void writeSide(const fs::path &file, const Dataset &d, bool users)
{
    const auto &columns = users ? d.userAttributes : d.itemAttributes;
    const bool genres = !users && !d.itemCategories.vocabulary.empty(),
               titles = !users && !d.itemTitles.empty();
    if (columns.empty() && !genres && !titles)
        return;
    AtomicFile f(file);
    auto &out = f.out();
    out << (users ? "user_id:token" : "item_id:token");
    for (const auto &c : columns)
        out << '\t' << checked(c.name, "attribute", file.string())
            << (c.numeric ? ":float" : ":token");
    if (genres) // the name the RecBole loader reads as item categories
        out << "\tgenre:token_seq";
    if (titles)
        out << "\ttitle:token_seq";
    out << '\n';
    const auto n = users ? d.numUsers() : d.numItems();
    for (std::size_t e = 0; e < n; ++e) {
        out << checked(users ? d.userIds[e] : d.itemIds[e], users ? "user" : "item", file.string());
        for (const auto &c : columns) {
            out << '\t';
            if (c.numeric && !std::isnan(c.numbers[e]))
                out << number(c.numbers[e]);
            else if (!c.numeric && c.codes[e] >= 0)
                out << checked(c.categories[std::size_t(c.codes[e])],
                               c.name.c_str(),
                               file.string());
        }
        if (genres) {
            out << '\t';
            const char *sep = "";
            for (auto t : d.itemCategories.of(std::int64_t(e))) { // token_seq is space-separated
                std::string token
                    = checked(d.itemCategories.vocabulary[std::size_t(t)], "genre", file.string());
                std::replace(token.begin(), token.end(), ' ', '_');
                out << sep << token;
                sep = " ";
            }
        }
        if (titles)
            out << '\t' << checked(d.itemTitles[e], "title", file.string());
        out << '\n';
    }
    f.commit();
}

} // namespace

std::array<fs::path, 3> exportSplit(const Dataset &data,
                                    const Split &split,
                                    const fs::path &dir,
                                    const std::string &name,
                                    SplitFileFormat format,
                                    int maxLength)
{
    if (maxLength < 1)
        throw ConfigError("max_length", "must be at least 1");
    if (name.empty() || name.find_first_of("/\\") != std::string::npos)
        throw ConfigError("name", "'" + name + "' is not a file name");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw StoreError("cannot create " + dir.string() + ": " + ec.message());
    const bool recbole = format != SplitFileFormat::Tsv;
    const std::string ext = recbole ? ".inter" : ".tsv";
    const std::vector<std::int64_t> *parts[3] = {&split.train, &split.valid, &split.test};
    const char *partNames[3] = {"train", "valid", "test"};
    std::array<fs::path, 3> files;
    std::vector<std::unique_ptr<AtomicFile>> open;
    for (std::size_t k = 0; k < 3; ++k) { // all three written before any is renamed into place
        files[k] = dir / (name + "." + partNames[k] + ext);
        open.push_back(std::make_unique<AtomicFile>(files[k]));
        if (format == SplitFileFormat::RecBoleSequences)
            writeSequenceRows(open.back()->out(), data, split, k, maxLength, files[k].string());
        else
            writeRows(open.back()->out(), data, *parts[k], recbole, files[k].string());
    }
    for (auto &f : open)
        f->commit();
    if (recbole) {
        writeSide(dir / (name + ".user"), data, true);
        writeSide(dir / (name + ".item"), data, false);
    }
    return files;
}

} // namespace recscope::core
