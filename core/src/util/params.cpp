// SPDX-License-Identifier: MIT
#include "recscope/core/params.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace recscope::core {

std::string toString(const ParamValue &value)
{
    return std::visit(
        [](const auto &v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>)
                return v;
            else if constexpr (std::is_same_v<T, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, double>) {
                std::ostringstream s;
                s << v;
                return s.str();
            } else
                return std::to_string(v);
        },
        value);
}

const char *paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::Int:
        return "integer";
    case ParamType::Float:
        return "number";
    case ParamType::Bool:
        return "boolean";
    case ParamType::Choice:
        return "choice";
    case ParamType::String:
        return "string";
    }
    return "?";
}

const ParamValue &ParamSet::at(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        throw ConfigError(name, "parameter is not set");
    return it->second;
}

std::int64_t ParamSet::getInt(const std::string &name) const
{
    const auto &v = at(name);
    if (auto p = std::get_if<std::int64_t>(&v))
        return *p;
    throw ConfigError(name, "expected an integer");
}

double ParamSet::getFloat(const std::string &name) const
{
    const auto &v = at(name);
    if (auto p = std::get_if<double>(&v))
        return *p;
    if (auto p = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*p);
    throw ConfigError(name, "expected a number");
}

bool ParamSet::getBool(const std::string &name) const
{
    if (auto p = std::get_if<bool>(&at(name)))
        return *p;
    throw ConfigError(name, "expected true or false");
}

std::string ParamSet::getString(const std::string &name) const
{
    if (auto p = std::get_if<std::string>(&at(name)))
        return *p;
    throw ConfigError(name, "expected a string");
}

ParamSchema::ParamSchema(std::vector<ParamSpec> specs)
    : m_specs(std::move(specs))
{}

ParamSchema &ParamSchema::add(ParamSpec spec)
{
    m_specs.push_back(std::move(spec));
    return *this;
}

ParamSchema &ParamSchema::merge(const ParamSchema &other)
{
    for (const auto &s : other.m_specs)
        if (!find(s.name))
            m_specs.push_back(s);
    return *this;
}

const ParamSpec *ParamSchema::find(const std::string &name) const
{
    auto it = std::find_if(m_specs.begin(), m_specs.end(), [&](const ParamSpec &s) {
        return s.name == name;
    });
    return it == m_specs.end() ? nullptr : &*it;
}

ParamSet ParamSchema::defaults() const
{
    ParamSet set;
    for (const auto &s : m_specs)
        set.set(s.name, s.defaultValue);
    return set;
}

namespace {

ParamValue checkValue(const ParamSpec &spec, const ParamValue &value, const std::string &path)
{
    auto rangeCheck = [&](double x) {
        if (spec.min != spec.max && (x < spec.min || x > spec.max)) {
            std::ostringstream s;
            s << "value " << x << " is outside the allowed range [" << spec.min << ", " << spec.max
              << "]";
            throw ConfigError(path, s.str());
        }
        if (!std::isfinite(x))
            throw ConfigError(path, "value must be finite");
    };
    switch (spec.type) {
    case ParamType::Int:
        if (auto p = std::get_if<std::int64_t>(&value)) {
            rangeCheck(static_cast<double>(*p));
            return *p;
        }
        if (auto p = std::get_if<double>(&value); p && std::floor(*p) == *p) {
            rangeCheck(*p);
            return static_cast<std::int64_t>(*p);
        }
        throw ConfigError(path, "expected an integer, got " + toString(value));
    case ParamType::Float:
        if (auto p = std::get_if<double>(&value)) {
            rangeCheck(*p);
            return *p;
        }
        if (auto p = std::get_if<std::int64_t>(&value)) {
            rangeCheck(static_cast<double>(*p));
            return static_cast<double>(*p);
        }
        throw ConfigError(path, "expected a number, got " + toString(value));
    case ParamType::Bool:
        if (std::holds_alternative<bool>(value))
            return value;
        throw ConfigError(path, "expected true or false, got " + toString(value));
    case ParamType::Choice: {
        auto p = std::get_if<std::string>(&value);
        if (p && std::find(spec.choices.begin(), spec.choices.end(), *p) != spec.choices.end())
            return value;
        std::string allowed;
        for (const auto &c : spec.choices)
            allowed += (allowed.empty() ? "" : ", ") + c;
        throw ConfigError(path, "expected one of " + allowed + ", got " + toString(value));
    }
    case ParamType::String:
        if (std::holds_alternative<std::string>(value))
            return value;
        throw ConfigError(path, "expected a string, got " + toString(value));
    }
    return value;
}

} // namespace

ParamSet ParamSchema::resolve(const std::map<std::string, ParamValue> &given,
                              const std::string &context) const
{
    ParamSet set = defaults();
    for (const auto &[name, value] : given) {
        const std::string path = context.empty() ? name : context + "." + name;
        const ParamSpec *spec = find(name);
        if (!spec) {
            std::string known;
            for (const auto &s : m_specs)
                known += (known.empty() ? "" : ", ") + s.name;
            throw ConfigError(path, "unknown parameter (known: " + known + ")");
        }
        set.set(name, checkValue(*spec, value, path));
    }
    return set;
}

} // namespace recscope::core
