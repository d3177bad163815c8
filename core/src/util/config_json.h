// SPDX-License-Identifier: MIT
#pragma once
// A config struct's JSON, derived from its field list (recscope/core/config_fields.h): every
// field written under its key, every key read with the JSON reader's checks (types, integer
// ranges of the member's type, unknown keys), so the struct, its writer and its reader cannot
// drift apart.

#include "recscope/core/config_fields.h"
#include "util/json_reader.h"

#include <algorithm>
#include <string>
#include <type_traits>

namespace recscope::core::detail {

/// A JSON object of the config's fields.
template<class Config>
nlohmann::json configJson(const Config &config, const ConfigFields<Config> &fields)
{
    nlohmann::json j = nlohmann::json::object();
    for (const auto &field : fields)
        std::visit([&](auto member) { j[field.key] = config.*member; }, field.member);
    return j;
}

/// The same as text.
template<class Config>
std::string configToJson(const Config &config, const ConfigFields<Config> &fields)
{
    return configJson(config, fields).dump();
}

/// Sets the fields present in r from their keys; rejects keys that are no field (extra: keys
/// the caller reads itself).
template<class Config>
void readConfigFields(JsonReader &r, Config &config, const ConfigFields<Config> &fields)
{
    for (const auto &field : fields) {
        const std::string key = field.key;
        std::visit(
            [&](auto member) {
                auto &value = config.*member;
                using T = std::remove_reference_t<decltype(value)>;
                if constexpr (std::is_same_v<T, int>)
                    value = r.integerAs<int>(key, value);
                else if constexpr (std::is_same_v<T, std::int64_t>)
                    value = r.integer(key, value);
                else if constexpr (std::is_same_v<T, std::uint64_t>)
                    value = r.seed(key, value);
                else if constexpr (std::is_same_v<T, double>)
                    value = r.num(key, value);
                else if constexpr (std::is_same_v<T, bool>)
                    value = r.boolean(key, value);
                else if constexpr (std::is_same_v<T, std::string>)
                    value = r.str(key, value);
                else if (r.has(key)) { // a list: of whole numbers or of names
                    const auto &list = r.raw(key);
                    using Item = typename T::value_type;
                    constexpr bool numbers = std::is_same_v<Item, std::int64_t>;
                    if (!list.is_array() || !std::all_of(list.begin(), list.end(), [](auto &x) {
                            return numbers ? x.is_number_integer() : x.is_string();
                        }))
                        throw ConfigError(r.path(key),
                                          numbers ? "must be a list of whole numbers"
                                                  : "must be a list of names");
                    value = list.template get<T>();
                }
            },
            field.member);
    }
}

/// A config from its JSON object: every field read, unknown keys rejected, validate() called.
template<class Config>
Config configFromJson(const std::string &json, const std::string &path)
{
    const nlohmann::json j = parseObject(json, path);
    JsonReader r(j, path);
    Config c;
    readConfigFields(r, c, Config::fields());
    r.rejectUnknown();
    c.validate(path);
    return c;
}

} // namespace recscope::core::detail
