// SPDX-License-Identifier: MIT
#include "experiment/json_reader.h"

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
    if (!has(key))
        return fallback;
    const auto &v = raw(key);
    if (!v.is_number() || std::floor(v.get<double>()) != v.get<double>())
        throw ConfigError(path(key), "expected an integer");
    return v.get<std::int64_t>();
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
