// SPDX-License-Identifier: MIT
#include "util/json_reader.h"

#include <cmath>

namespace recscope::core::detail {

namespace {
const nlohmann::json &emptyObject()
{
    static const nlohmann::json e = nlohmann::json::object();
    return e;
}
} // namespace

JsonReader::JsonReader(const nlohmann::json &object, std::string path)
    : m_obj(object)
    , m_path(std::move(path))
{
    if (!m_obj.is_object())
        throw ConfigError(m_path, "expected a JSON object");
}

const nlohmann::json &JsonReader::raw(const std::string &key)
{
    m_used.insert(key);
    return m_obj.at(key);
}

std::string JsonReader::str(const std::string &key, const std::string &fallback)
{
    if (!has(key))
        return fallback;
    const auto &v = raw(key);
    if (!v.is_string())
        throw ConfigError(path(key), "expected a string");
    return v.get<std::string>();
}

double JsonReader::num(const std::string &key, double fallback)
{
    if (!has(key))
        return fallback;
    const auto &v = raw(key);
    if (!v.is_number())
        throw ConfigError(path(key), "expected a number");
    return v.get<double>();
}

std::int64_t JsonReader::integer(const std::string &key, std::int64_t fallback)
{
    return has(key) ? integerValue(raw(key),
                                   path(key),
                                   std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max())
                    : fallback;
}

std::uint64_t JsonReader::seed(const std::string &key, std::uint64_t fallback)
{
    return has(key) ? seedValue(raw(key), path(key)) : fallback;
}

bool JsonReader::boolean(const std::string &key, bool fallback)
{
    if (!has(key))
        return fallback;
    const auto &v = raw(key);
    if (!v.is_boolean())
        throw ConfigError(path(key), "expected true or false");
    return v.get<bool>();
}

JsonReader JsonReader::child(const std::string &key)
{
    if (!has(key))
        return JsonReader(emptyObject(), path(key));
    return JsonReader(raw(key), path(key));
}

void JsonReader::rejectUnknown() const
{
    for (const auto &[key, value] : m_obj.items())
        if (!m_used.count(key))
            throw ConfigError(path(key), "unknown key");
}

std::int64_t
integerValue(const nlohmann::json &v, const std::string &path, std::int64_t lo, std::int64_t hi)
{
    const bool any = lo == std::numeric_limits<std::int64_t>::min()
                     && hi == std::numeric_limits<std::int64_t>::max();
    const std::string range
        = any ? std::string("expected an integer")
              : "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max()) || std::int64_t(u) > hi
            || std::int64_t(u) < lo)
            throw ConfigError(path, range + ", got " + v.dump());
        return std::int64_t(u);
    }
    if (v.is_number_integer()) {
        const auto i = v.get<std::int64_t>();
        if (i < lo || i > hi)
            throw ConfigError(path, range + ", got " + v.dump());
        return i;
    }
    if (!v.is_number())
        throw ConfigError(path, range);
    // A whole float (1e3) is accepted; the range is checked as doubles before any cast.
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d || d < double(lo) || d > double(hi)
        || d >= 9223372036854775808.0)
        throw ConfigError(path, range + ", got " + v.dump());
    return std::int64_t(d);
}

std::uint64_t seedValue(const nlohmann::json &v, const std::string &path)
{
    // Any JSON integer a seed ever was: up to 2^64 − 1, and negative ones taken modulo 2^64 as
    // before (specs stored with runs hold them, and reopening a run must not fail).
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>();
    if (v.is_number_integer())
        return std::uint64_t(v.get<std::int64_t>());
    return std::uint64_t(integerValue(v, path, 0, std::numeric_limits<std::int64_t>::max()));
}

nlohmann::json parseObject(const std::string &json, const std::string &path)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception &e) {
        throw ConfigError(path, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw ConfigError(path, "must be a JSON object");
    return j;
}

} // namespace recscope::core::detail
