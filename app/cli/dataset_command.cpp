// SPDX-License-Identifier: MIT
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "config_flags.h"

#include <recscope/core/loaders.h>
#include <recscope/core/prepare.h>
#include <recscope/core/registry.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace recscope::app {

namespace {

constexpr const char *kInspectHelp = R"(usage: recscope-cli dataset inspect PATH|synthetic [options]

Loads a dataset and prints its statistics. PATH is a MovieLens folder or ratings file, a RecBole
.inter file, a CSV/TSV (give the column mapping), or a .txt of "user item item ..." lines.

Options:
  --format F            auto (default), movielens, recbole, csv, tsv, sequences, or a plugin's format
  --user COL --item COL --time COL --rating COL --feedback COL --categories COL
                        column mapping for csv/tsv (header names or 0-based indices)
  --delimiter C         field separator for csv/tsv (default ',' or tab for .tsv)
  --no-header           the csv/tsv has no header line

The synthetic dataset's knobs (defaults in brackets):
)";

std::string dateOf(std::int64_t t)
{
    // Loaders keep timestamps within ±2^53, but a date is only printed where gmtime can give one.
    const std::time_t tt = std::time_t(t);
    std::tm tm{};
    char buf[32];
    if (!gmtime_r(&tt, &tm) || std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0)
        return std::to_string(t) + " s";
    return buf;
}

/// Fills the roles the options left empty from the header, as the workbench's import dialog
/// proposes them, and says what it chose.
void guessMapping(const std::filesystem::path &file, core::ColumnMapping &m, bool guessDelimiter)
{
    std::ifstream in(file, std::ios::binary);
    std::string first(64 * 1024, '\0'); // a header line, not the file
    in.getline(first.data(), std::streamsize(first.size()));
    first.resize(std::size_t(std::max<std::streamsize>(0, in.gcount() - (in.eof() ? 0 : 1))));
    if (first.starts_with("\xEF\xBB\xBF"))
        first.erase(0, 3);
    if (!first.empty() && first.back() == '\r')
        first.pop_back();
    if (guessDelimiter)
        m.delimiter = core::guessDelimiter(first);
    std::vector<std::string> columns; // trimmed as the loader trims the header
    std::stringstream fields(first);
    for (std::string f; std::getline(fields, f, m.delimiter);) {
        const auto b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
        f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
        columns.push_back(
            f.size() >= 2 && f.front() == '"' && f.back() == '"' ? f.substr(1, f.size() - 2) : f);
    }
    const auto g = core::guessColumnRoles(columns);
    const auto roles = {std::tuple{"user", &m.user, &g.user},
                        std::tuple{"item", &m.item, &g.item},
                        std::tuple{"time", &m.time, &g.time},
                        std::tuple{"rating", &m.rating, &g.rating},
                        std::tuple{"feedback", &m.feedback, &g.feedback},
                        std::tuple{"categories", &m.categories, &g.categories}};
    std::string said;
    for (auto [role, field, guessed] : roles) {
        const bool named = std::any_of(roles.begin(), roles.end(), [&](const auto &r) {
            return *std::get<1>(r) == *guessed;
        });
        if (!field->empty() || guessed->empty() || named)
            continue; // the option's column, nothing to propose, or a column another option names
        // A name the header holds twice is mapped by position, as the dialog does.
        const auto at = std::find(columns.begin(), columns.end(), *guessed);
        *field = std::count(columns.begin(), columns.end(), *guessed) == 1
                     ? *guessed
                     : std::to_string(at - columns.begin());
        said += std::string(said.empty() ? "" : ", ") + role + "=" + *guessed;
    }
    if (!said.empty())
        std::fprintf(stderr,
                     "guessed the column mapping from the header: %s (choose with --user, --item, "
                     "--time, ...)\n",
                     said.c_str());
}

core::DatasetSource
sourceFrom(const CliOptions &o, const std::string &path, const core::Registry &registry)
{
    core::DatasetSource s;
    if (path == "synthetic") {
        s.format = core::DatasetFormat::Synthetic;
        applyConfigOptions(o, core::SyntheticConfig::fields(), s.synthetic);
        return s;
    }
    s.path = path;
    const std::string format = o.value("format").value_or("auto");
    s.loader = registry.loaderFor(format, s.path);
    s.format = s.loader ? core::DatasetFormat::Plugin : core::parseFormat(format);
    auto &m = s.mapping;
    m.user = o.value("user").value_or("");
    m.item = o.value("item").value_or("");
    m.time = o.value("time").value_or("");
    m.rating = o.value("rating").value_or("");
    m.feedback = o.value("feedback").value_or("");
    m.categories = o.value("categories").value_or("");
    m.header = !o.flag("no-header");
    const std::string d = o.value("delimiter").value_or(s.path.extension() == ".tsv" ? "\t" : ",");
    m.delimiter = d == "\\t" || d == "tab" ? '\t' : d.at(0);
    if (!m.user.empty() && s.format == core::DatasetFormat::Auto)
        s.format = core::DatasetFormat::Delimited;
    const bool delimited = s.format == core::DatasetFormat::Delimited
                           || (s.format == core::DatasetFormat::Auto
                               && core::detectFormat(s.path) == core::DatasetFormat::Delimited);
    if (delimited && m.header && m.user.empty() && m.item.empty())
        guessMapping(s.path, m, !o.value("delimiter"));
    return s;
}

void printStats(const core::Dataset &d, double seconds)
{
    const auto s = core::computeStats(d);
    std::printf("dataset       %s\nsource        %s\nloaded in     %.2f s\n",
                d.name.c_str(),
                d.source.c_str(),
                seconds);
    std::printf("users         %zu\nitems         %zu\ninteractions  %zu\ndensity       %.6f\n",
                s.users,
                s.items,
                s.interactions,
                s.density);
    std::printf("per user      mean %.1f, median %.1f, min %zu, max %zu\n",
                s.meanPerUser,
                s.medianPerUser,
                s.minPerUser,
                s.maxPerUser);
    std::printf("per item      mean %.1f, max %zu\n", s.meanPerItem, s.maxPerItem);
    std::printf("popularity    Gini %.3f, top 20%% of items hold %.1f%% of interactions\n",
                s.itemGini,
                100 * s.top20Share);
    if (d.hasTime)
        std::printf("time span     %s .. %s\n",
                    dateOf(s.firstTime).c_str(),
                    dateOf(s.lastTime).c_str());
    if (d.hasRating)
        std::printf("mean rating   %.3f\n", s.meanRating);
    for (const auto &[level, n] : s.feedbackCounts)
        std::printf("feedback      %-10s %zu\n", level.c_str(), n);
    if (!d.itemCategories.vocabulary.empty())
        std::printf("item %-8s %zu distinct\n",
                    d.itemCategories.name.c_str(),
                    d.itemCategories.vocabulary.size());
    for (const auto &a : d.userAttributes)
        std::printf("user attr     %s%s (%s)\n",
                    a.name.c_str(),
                    a.sensitive ? " [sensitive]" : "",
                    a.numeric ? "numeric"
                              : (std::to_string(a.categories.size()) + " values").c_str());
    for (const auto &a : d.itemAttributes)
        std::printf("item attr     %s (%s)\n",
                    a.name.c_str(),
                    a.numeric ? "numeric"
                              : (std::to_string(a.categories.size()) + " values").c_str());
    if (!d.itemSource.empty())
        std::printf("item source   human / AI-generated labels\n");
    if (d.contentDim > 0)
        std::printf("content       %d-dimensional vectors\n", d.contentDim);
}

} // namespace

int datasetCommand(const std::vector<std::string> &args)
{
    std::string help;
    CommandLine cmd(
        args,
        withConfigOptions(
            {"",
             {"format", "user", "item", "time", "rating", "feedback", "categories", "delimiter"},
             {"no-header"},
             2,
             {},
             [](const CliOptions &o) { return o.positional()[0] == "inspect"; }},
            core::SyntheticConfig::fields(),
            &help,
            kInspectHelp,
            ""));
    const CliOptions &o = cmd.options();
    const auto t0 = std::chrono::steady_clock::now();
    core::Registry &registry = cmd.registry();
    const auto data = core::loadDataset(sourceFrom(o, o.positional()[1], registry));
    printStats(data, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return 0;
}

} // namespace recscope::app
