// SPDX-License-Identifier: MIT
#pragma once
// A config's command-line options, derived from its field list (recscope/core/config_fields.h):
// one option per field (--key, or the field's shorter spelling), its help line with the default,
// and the parsing. A bool field that defaults to true is switched off with --no-KEY, one that
// defaults to false on with --KEY. Values are checked by the config's validate() afterwards.

#include "cli_options.h"
#include "command_line.h"

#include <recscope/core/config_fields.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace recscope::app {

namespace config_flags_detail {

/// "1,2,3" as parts, empty parts dropped.
inline std::vector<std::string> splitList(const std::string &text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty())
            out.push_back(part);
    return out;
}

/// A whole number ≥ 0, all of the text, at most max; std::invalid_argument naming the option.
inline std::uint64_t
wholeNumber(const std::string &option, const std::string &text, std::uint64_t max = UINT64_MAX)
{
    std::size_t used = 0;
    std::uint64_t v = 0;
    try {
        if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) // no sign, no space
            v = std::stoull(text, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != text.size() || v > max)
        throw std::invalid_argument("--" + option + ": '" + text + "' is not a whole number ≥ 0"
                                    + (max == UINT64_MAX ? "" : " up to " + std::to_string(max)));
    return v;
}

template<class T>
constexpr bool isBool = std::is_same_v<T, bool>;

template<class Config, class F>
void forEachMember(const core::ConfigField<Config> &field, const Config &config, F &&f)
{
    std::visit([&](auto member) { f(config.*member); }, field.member);
}

} // namespace config_flags_detail

/// The option names a command accepts for the config: (valued, flags).
template<class Config>
std::pair<std::vector<std::string>, std::vector<std::string>>
configOptionNames(const core::ConfigFields<Config> &fields)
{
    using namespace config_flags_detail;
    std::vector<std::string> valued, flags;
    static const Config defaults{}; // each field's default is its initialiser
    for (const auto &field : fields)
        forEachMember(field, defaults, [&](auto &value) {
            using T = std::remove_cvref_t<decltype(value)>;
            if constexpr (isBool<T>)
                flags.push_back((value ? "no-" : "") + core::optionName(field));
            else
                valued.push_back(core::optionName(field));
        });
    return {valued, flags};
}

/// The help lines of the config's options, defaults in brackets.
template<class Config>
std::string configOptionsHelp(const core::ConfigFields<Config> &fields)
{
    using namespace config_flags_detail;
    std::string out;
    static const Config defaults{}; // each field's default is its initialiser
    for (const auto &field : fields)
        forEachMember(field, defaults, [&](auto &value) {
            using T = std::remove_cvref_t<decltype(value)>;
            std::string shown;
            std::string option = "--" + core::optionName(field);
            if constexpr (isBool<T>) {
                option = value ? "--no-" + core::optionName(field) : option;
                shown = value ? " [on; this switches it off]" : " [off]";
            } else if constexpr (std::is_same_v<T, std::string>) {
                option += " TEXT";
                shown = value.empty() ? "" : " [" + value + "]";
            } else if constexpr (std::is_same_v<T, double>) {
                char text[32];
                std::snprintf(text, sizeof text, "%g", value);
                option += " X";
                shown = std::string(" [") + text + "]";
            } else if constexpr (std::is_arithmetic_v<T>) {
                option += " N";
                shown = " [" + std::to_string(value) + "]";
            } else { // a list
                option += " A,B,...";
                std::string joined;
                for (const auto &v : value) {
                    if constexpr (std::is_same_v<typename T::value_type, std::string>)
                        joined += (joined.empty() ? "" : ",") + v;
                    else
                        joined += (joined.empty() ? "" : ",") + std::to_string(v);
                }
                shown = " [" + joined + "]";
            }
            char line[512];
            std::snprintf(line,
                          sizeof line,
                          "  %-30s %s%s\n",
                          option.c_str(),
                          field.help,
                          shown.c_str());
            out += line;
        });
    return out;
}

/// A command's shape with the config's options added, and its help: head, the options'
/// lines, then tail (the command's own options). The help text lives in *help.
template<class Config>
CommandShape withConfigOptions(CommandShape shape,
                               const core::ConfigFields<Config> &fields,
                               std::string *help,
                               const char *head,
                               const char *tail)
{
    auto [valued, flags] = configOptionNames(fields);
    shape.valued.insert(shape.valued.end(), valued.begin(), valued.end());
    shape.flags.insert(shape.flags.end(), flags.begin(), flags.end());
    *help = std::string(head) + configOptionsHelp(fields) + tail;
    shape.help = help->c_str();
    return shape;
}

/// Sets the fields whose options were given.
template<class Config>
void applyConfigOptions(const CliOptions &opts,
                        const core::ConfigFields<Config> &fields,
                        Config &config)
{
    using namespace config_flags_detail;
    static const Config defaults{};
    for (const auto &field : fields) {
        const std::string name = core::optionName(field);
        std::visit(
            [&](auto member) {
                auto &value = config.*member;
                using T = std::remove_cvref_t<decltype(value)>;
                if constexpr (isBool<T>) {
                    const bool byDefault = defaults.*member; // --no-KEY or --KEY, as declared
                    if (opts.flag((byDefault ? "no-" : "") + name))
                        value = !byDefault;
                } else {
                    const auto given = opts.value(name);
                    if (!given)
                        return;
                    if constexpr (std::is_same_v<T, std::string>)
                        value = *given;
                    else if constexpr (std::is_same_v<T, double>)
                        value = opts.number(name, value);
                    else if constexpr (std::is_same_v<T, int>)
                        value = opts.count(name, value); // as every command's counts
                    else if constexpr (std::is_same_v<T, std::uint64_t>) // seeds: all of them
                        value = wholeNumber(name, *given);
                    else if constexpr (std::is_arithmetic_v<T>) // int64 counts
                        value = T(wholeNumber(name, *given, INT64_MAX));
                    else {
                        value.clear();
                        for (const auto &part : splitList(*given)) {
                            if constexpr (std::is_same_v<typename T::value_type, std::string>)
                                value.push_back(part);
                            else
                                value.push_back(std::int64_t(wholeNumber(name, part, INT64_MAX)));
                        }
                    }
                }
            },
            field.member);
    }
}

} // namespace recscope::app
