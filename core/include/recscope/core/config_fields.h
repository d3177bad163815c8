// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace recscope::core {

/// The member of a config struct a field binds, by its type.
template<class Config>
using FieldMember = std::variant<int Config::*,
                                 std::int64_t Config::*,
                                 std::uint64_t Config::*,
                                 double Config::*,
                                 bool Config::*,
                                 std::string Config::*,
                                 std::vector<std::int64_t> Config::*,
                                 std::vector<std::string> Config::*>;

/// One setting of a config struct (SAE, audit, feedback loop, extraction), described once: its
/// JSON key, the member it binds, what it means, and the CLI's spelling when shorter than the
/// key. The JSON writer and reader (core) and the CLI's options and help (recscope-cli) are
/// derived from the list; the default is the struct's own initialiser, and the rules a value
/// must satisfy stay in the config's validate(), which every reader calls.
template<class Config>
struct ConfigField
{
    const char *key; ///< JSON key; the CLI option is --key with '-' for '_' unless `flag`
    FieldMember<Config> member;
    const char *help; ///< one line
    const char *flag = nullptr;
};

template<class Config>
using ConfigFields = std::vector<ConfigField<Config>>;

/// The CLI option of a field: `flag`, else the key with '-' for '_'.
template<class Config>
std::string optionName(const ConfigField<Config> &field)
{
    std::string name = field.flag ? field.flag : field.key;
    for (char &c : name)
        if (c == '_')
            c = '-';
    return name;
}

} // namespace recscope::core
