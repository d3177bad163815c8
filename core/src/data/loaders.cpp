// SPDX-License-Identifier: MIT
#include "recscope/core/loaders.h"

#include "data/dataset_builder.h"
#include "data/text_reader.h"
#include "recscope/core/error.h"
#include "util/utf8.h"

#include <recscope/sdk/dataset_loader.h>

namespace recscope::core {

namespace fs = std::filesystem;

const char *formatName(DatasetFormat format)
{
    switch (format) {
    case DatasetFormat::Auto:
        return "auto";
    case DatasetFormat::MovieLens:
        return "movielens";
    case DatasetFormat::RecBoleAtomic:
        return "recbole";
    case DatasetFormat::Delimited:
        return "csv";
    case DatasetFormat::SequenceText:
        return "sequences";
    case DatasetFormat::Synthetic:
        return "synthetic";
    case DatasetFormat::Plugin:
        return "plugin";
    }
    return "?";
}

std::string formatName(const DatasetSource &source)
{
    return source.format == DatasetFormat::Plugin && source.loader ? source.loader->info().id
                                                                   : formatName(source.format);
}

DatasetFormat parseFormat(const std::string &name)
{
    for (auto f : {DatasetFormat::Auto,
                   DatasetFormat::MovieLens,
                   DatasetFormat::RecBoleAtomic,
                   DatasetFormat::Delimited,
                   DatasetFormat::SequenceText,
                   DatasetFormat::Synthetic})
        if (name == formatName(f))
            return f;
    if (name == "tsv")
        return DatasetFormat::Delimited;
    throw ConfigError("dataset.format",
                      "unknown format '" + name
                          + "' (auto, movielens, recbole, csv, tsv, sequences, synthetic)");
}

DatasetFormat detectFormat(const fs::path &path)
{
    if (!fs::exists(path))
        throw DataError(path.string(), 0, "", "no such file or folder");
    const fs::path dir = fs::is_directory(path) ? path : path.parent_path();
    const std::string file = fs::is_directory(path) ? "" : path.filename().string();
    if (fs::is_directory(path) && fs::exists(path / (path.filename().string() + ".inter")))
        return DatasetFormat::RecBoleAtomic;
    if (path.extension() == ".inter")
        return DatasetFormat::RecBoleAtomic;
    if (fs::is_directory(path) && fs::exists(path / (path.filename().string() + ".train.inter")))
        return DatasetFormat::RecBoleAtomic; // benchmark files only: the "files" split reads them
    for (const char *marker : {"u.data", "ratings.dat", "ratings.csv"})
        if (file == marker || (file.empty() && fs::exists(dir / marker)))
            return DatasetFormat::MovieLens;
    if (path.extension() == ".txt")
        return DatasetFormat::SequenceText;
    if (path.extension() == ".csv" || path.extension() == ".tsv")
        return DatasetFormat::Delimited;
    throw DataError(path.string(),
                    0,
                    "",
                    "cannot tell the dataset format; name it with \"format\" (movielens, recbole, "
                    "csv, sequences)");
}

namespace {

/// What a plugin loader returns is checked as the built-in loaders check their input: ids are
/// written into JSON, HTML and CSV as they are.
Dataset checkedPluginData(Dataset d, const std::filesystem::path &path)
{
    for (const auto *ids : {&d.userIds, &d.itemIds})
        for (const auto &id : *ids)
            if (id.find('\0') != std::string::npos
                || detail::firstInvalidUtf8(id) != std::string::npos)
                throw DataError(path.string(),
                                0,
                                ids == &d.userIds ? "user" : "item",
                                "the plugin returned an id that holds a NUL byte or is not UTF-8: "
                                    + detail::excerpt(id));
    d.validate();
    return d;
}

} // namespace

Dataset loadDataset(const DatasetSource &source)
{
    Dataset d = detail::loadDatasetFile(source);
    if (d.numInteractions() == 0) // a header-only or blank file, in any format
        throw DataError(source.path.string(), 0, "", "no interactions in the file");
    return d;
}

Dataset detail::loadDatasetFile(const DatasetSource &source)
{
    DatasetFormat format = source.format;
    if (format == DatasetFormat::Synthetic)
        return generateSynthetic(source.synthetic).data;
    if (format == DatasetFormat::Plugin) {
        if (!source.loader)
            throw ConfigError("dataset.format", "no plugin loader was resolved for this dataset");
        return checkedPluginData(source.loader->load(source.path), source.path);
    }
    if (format == DatasetFormat::Auto)
        format = detectFormat(source.path);
    switch (format) {
    case DatasetFormat::MovieLens:
        return loadMovieLens(source.path);
    case DatasetFormat::RecBoleAtomic:
        return loadRecBoleAtomic(source.path);
    case DatasetFormat::SequenceText:
        return loadSequenceText(source.path);
    case DatasetFormat::Delimited: {
        ColumnMapping m = source.mapping;
        if (source.path.extension() == ".tsv" && m.delimiter == ',')
            m.delimiter = '\t';
        return loadDelimited(source.path, m);
    }
    default:
        break;
    }
    throw ConfigError("dataset.format", "unsupported format");
}

} // namespace recscope::core
