// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/dataset.h"
#include "recscope/core/synthetic.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::sdk {
class DatasetLoader;
}

namespace recscope::core {

/// Plugin: a format a dataset plugin adds (DatasetSource::loader).
enum class DatasetFormat {
    Auto,
    MovieLens,
    RecBoleAtomic,
    Delimited,
    SequenceText,
    Synthetic,
    Plugin
};

/// How a generic CSV/TSV maps onto interactions. Columns are header names, or 0-based indices
/// written as digits when the file has no header. Empty = absent.
struct RS_CORE_EXPORT ColumnMapping
{
    char delimiter = ',';
    bool header = true;
    std::string user;
    std::string item;
    std::string time;
    std::string rating;
    std::string feedback;   ///< a level name per row (e.g. click, cart, purchase)
    std::string categories; ///< multi-valued, split on categorySeparator
    char categorySeparator = '|';
};

/// Where a dataset comes from; what a spec's "dataset" section parses into.
struct RS_CORE_EXPORT DatasetSource
{
    DatasetFormat format = DatasetFormat::Synthetic;
    std::filesystem::path path;
    ColumnMapping mapping;
    SyntheticConfig synthetic;
    /// The plugin loader for DatasetFormat::Plugin, resolved from the registry when the spec
    /// is read (the spec stores its id as "format").
    std::shared_ptr<const sdk::DatasetLoader> loader;
};

RS_CORE_EXPORT const char *formatName(DatasetFormat format);
/// The name a spec stores: the plugin loader's id for DatasetFormat::Plugin.
RS_CORE_EXPORT std::string formatName(const DatasetSource &source);
RS_CORE_EXPORT DatasetFormat parseFormat(const std::string &name); // throws ConfigError

/// Guesses the format from a path: a MovieLens folder or file, a RecBole .inter, a .txt of
/// sequences, or a delimited file.
RS_CORE_EXPORT DatasetFormat detectFormat(const std::filesystem::path &path);

/// Loads any format; refuses a dataset without interactions (DataError naming the file). The
/// format loaders below return what the file holds, which may be nothing.
RS_CORE_EXPORT Dataset loadDataset(const DatasetSource &source);
/// The roles the workbench's import dialog and the CLI propose for a delimited file's header:
/// each role takes the first column whose name equals one of its words, else the first with a
/// word (split at punctuation and camelCase) starting with one (case-insensitive), and a column
/// serves one role. Words: user (user, uid,
/// customer, session), item (item, iid, product, movie, article), time (time, timestamp, ts,
/// date), rating (rating, score, stars), feedback (feedback, event, action, behavior, behaviour),
/// categories (genre, categor, tag). Only the role fields of the result are set.
RS_CORE_EXPORT ColumnMapping guessColumnRoles(const std::vector<std::string> &columns);
/// The delimiter of a first line: tab when it has one, else ';' when it has more of them than
/// commas, else ','.
RS_CORE_EXPORT char guessDelimiter(std::string_view firstLine);

/// MovieLens 100K (u.data + u.user + u.item), 1M/10M (ratings.dat, users.dat, movies.dat with
/// "::"), 20M/25M (ratings.csv + movies.csv). Accepts the folder or the ratings file.
RS_CORE_EXPORT Dataset loadMovieLens(const std::filesystem::path &path);

/// RecBole atomic files: NAME.inter with typed headers (user_id:token, item_id:token,
/// rating:float, timestamp:float), optional NAME.user and NAME.item beside it.
RS_CORE_EXPORT Dataset loadRecBoleAtomic(const std::filesystem::path &path);

RS_CORE_EXPORT Dataset loadDelimited(const std::filesystem::path &path,
                                     const ColumnMapping &mapping);

/// One user per line: "user item item ..." in time order (whitespace separated).
RS_CORE_EXPORT Dataset loadSequenceText(const std::filesystem::path &path);

} // namespace recscope::core
