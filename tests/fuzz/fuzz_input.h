// SPDX-License-Identifier: MIT
#pragma once
// Shared by the libFuzzer targets: the parsers read files, so each input becomes one or more
// files in a per-process scratch folder; a parser may refuse an input only with a
// recscope::Error (a message a user can act on). Any other exception is a finding: it is what
// reached users as "stoi" or "basic_string::at" before (issue 16).

#include "recscope/core/dataset.h"
#include "recscope/core/error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include <unistd.h>

namespace fuzz {

inline const std::filesystem::path &scratch()
{
    static const std::filesystem::path dir = [] {
        const char *base = std::getenv("TMPDIR");
        auto d = std::filesystem::path(base ? base : "/tmp")
                 / ("recscope-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline std::filesystem::path writeFile(const std::string &name, std::string_view bytes)
{
    const auto path = scratch() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

/// Splits an input into files at lines reading exactly "%%" (how the seed corpora are built
/// from real multi-file datasets, see run.sh).
inline std::vector<std::string_view> parts(std::string_view bytes)
{
    std::vector<std::string_view> out;
    constexpr std::string_view mark = "\n%%\n";
    for (std::size_t at = 0;;) {
        const auto next = bytes.find(mark, at);
        out.push_back(
            bytes.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
        if (next == std::string_view::npos)
            return out;
        at = next + mark.size();
    }
}

/// Length of the well-formed UTF-8 sequence at s[i] (no overlongs, surrogates or code points past
/// U+10FFFF), 0 when there is none. Written here apart from core's, as the oracle.
inline std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80)
        return 1;
    const std::size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                          : c >= 0xE0 && c <= 0xEF ? 3
                          : c >= 0xF0 && c <= 0xF4 ? 4
                                                   : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(k) & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F) || (c == 0xF0 && b(1) < 0x90)
        || (c == 0xF4 && b(1) > 0x8F))
        return 0;
    return n;
}

inline bool isUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8Length(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

[[noreturn]] inline void finding(const char *what, const std::exception *e)
{
    std::fprintf(stderr,
                 "FINDING: %s%s%s (%s)\n",
                 what,
                 e ? ": " : "",
                 e ? e->what() : "",
                 e ? typeid(*e).name() : "");
    std::abort();
}

/// Runs a parse: recscope errors are the expected refusals; anything else aborts.
template<class F>
void expectCleanRefusal(F &&parse)
{
    try {
        parse();
    } catch (const recscope::Error &) {
    } catch (const std::exception &e) {
        finding("a parser threw something other than a recscope::Error", &e);
    } catch (...) {
        finding("a parser threw a non-exception", nullptr);
    }
}

/// What a loader returns must hold together: the same checks the store applies.
inline void checkDataset(const recscope::core::Dataset &d)
{
    try {
        d.validate();
    } catch (const std::exception &e) {
        finding("a loader returned a dataset that fails its own validation", &e);
    }
    if (d.numInteractions() == 0)
        finding("a loader returned a dataset without interactions", nullptr);
    // Everything kept is written into JSON, HTML and CSV: it must be UTF-8, and ids free of NUL.
    for (const auto *ids : {&d.userIds, &d.itemIds})
        for (const auto &s : *ids)
            if (!isUtf8(s) || s.find('\0') != std::string::npos)
                finding("a loader kept an id that is not UTF-8 text", nullptr);
    for (const auto *strings : {&d.itemTitles, &d.itemCategories.vocabulary})
        for (const auto &s : *strings)
            if (!isUtf8(s))
                finding("a loader kept a title or category that is not UTF-8", nullptr);
    for (const auto *columns : {&d.userAttributes, &d.itemAttributes})
        for (const auto &c : *columns)
            for (const auto &s : c.categories)
                if (!isUtf8(s))
                    finding("a loader kept an attribute value that is not UTF-8", nullptr);
}

} // namespace fuzz
