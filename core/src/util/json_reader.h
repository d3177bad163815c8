// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/error.h"
#include "recscope/core/params.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace recscope::core::detail {

/// A JSON number that is an integer within [lo, hi], exactly (10.7 and 1e30 are errors, not 10
/// and −2^63); ConfigError(path) otherwise.
std::int64_t
integerValue(const nlohmann::json &v, const std::string &path, std::int64_t lo, std::int64_t hi);

/// A random seed: any JSON integer (negative ones modulo 2^64); a float only when whole and
/// within 0 … 2^63 − 1, so 1e30 is an error.
std::uint64_t seedValue(const nlohmann::json &v, const std::string &path);

/// Reads one JSON object with typed getters; every error names the JSON path, and keys nobody
/// asked for are reported (a typo must not be silently ignored).
class JsonReader
{
public:
    JsonReader(const nlohmann::json &object, std::string path);
    ~JsonReader() = default;

    bool has(const std::string &key) const { return m_obj.contains(key); }
    std::string path(const std::string &key) const
    {
        return m_path.empty() ? key : m_path + "." + key;
    }
    const nlohmann::json &raw(const std::string &key);

    std::string str(const std::string &key, const std::string &fallback);
    double num(const std::string &key, double fallback);
    std::int64_t integer(const std::string &key, std::int64_t fallback);
    /// An integer that fits T: 2^32 + 1 is an error for an int, never 1.
    template<class T>
    T integerAs(const std::string &key, T fallback)
    {
        return has(key) ? T(integerValue(raw(key),
                                         path(key),
                                         std::numeric_limits<T>::min(),
                                         std::numeric_limits<T>::max()))
                        : fallback;
    }
    /// A seed (seedValue).
    std::uint64_t seed(const std::string &key, std::uint64_t fallback);
    bool boolean(const std::string &key, bool fallback);
    JsonReader child(const std::string &key);

    /// Throws ConfigError naming the first key that was never read.
    void rejectUnknown() const;

private:
    const nlohmann::json &m_obj;
    std::string m_path;
    std::set<std::string> m_used;
};

/// Parses text that must hold one JSON object; ConfigError(path) when it is not valid JSON or
/// not an object.
nlohmann::json parseObject(const std::string &json, const std::string &path);

/// A parameter set as a JSON object (specs, and the params stored with each run).
nlohmann::json paramsToJson(const ParamSet &params);

} // namespace recscope::core::detail
