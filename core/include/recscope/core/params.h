// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace recscope::core {

enum class ParamType {
    Int,
    Float,
    Bool,
    Choice,
    String
};

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

/// One hyperparameter: what the GUI turns into a form field and the CLI validates.
struct RS_CORE_EXPORT ParamSpec
{
    std::string name;
    ParamType type = ParamType::Float;
    ParamValue defaultValue;
    double min = 0, max = 0;          ///< inclusive range for Int/Float; ignored when min == max
    std::vector<std::string> choices; ///< for Choice
    std::string help;
    std::string group = "model"; ///< "model" or "training"
    bool logScale = false;       ///< suggest a log slider (learning rates, weight decay)
};

RS_CORE_EXPORT std::string toString(const ParamValue &value);
RS_CORE_EXPORT const char *paramTypeName(ParamType type);

/// Validated parameter values by name.
class RS_CORE_EXPORT ParamSet
{
public:
    void set(const std::string &name, ParamValue value) { m_values[name] = std::move(value); }
    bool contains(const std::string &name) const { return m_values.count(name) != 0; }
    std::int64_t getInt(const std::string &name) const;
    double getFloat(const std::string &name) const;
    bool getBool(const std::string &name) const;
    std::string getString(const std::string &name) const;
    const std::map<std::string, ParamValue> &values() const { return m_values; }

private:
    const ParamValue &at(const std::string &name) const;
    std::map<std::string, ParamValue> m_values;
};

class RS_CORE_EXPORT ParamSchema
{
public:
    ParamSchema() = default;
    explicit ParamSchema(std::vector<ParamSpec> specs);
    ParamSchema &add(ParamSpec spec);
    ParamSchema &merge(const ParamSchema &other);

    const std::vector<ParamSpec> &specs() const { return m_specs; }
    const ParamSpec *find(const std::string &name) const;

    ParamSet defaults() const;
    /// Checks names, types and ranges of given values and fills in defaults. Errors name the
    /// parameter as "<context>.<name>". Ints are accepted where floats are expected.
    ParamSet resolve(const std::map<std::string, ParamValue> &given,
                     const std::string &context) const;

private:
    std::vector<ParamSpec> m_specs;
};

} // namespace recscope::core
