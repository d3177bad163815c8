// SPDX-License-Identifier: MIT
#include "experiment/spec_readers.h"

#include <algorithm>

namespace recscope::core::detail {

ParamValue paramValue(const nlohmann::json &v, const std::string &path)
{
    if (v.is_boolean())
        return v.get<bool>();
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number())
        return v.get<double>();
    if (v.is_string())
        return v.get<std::string>();
    throw ConfigError(path, "expected a number, boolean or string");
}

// A model entry's "sweep": {"param": {"values": [...]} | {"min": a, "max": b, "log": bool,
// "steps": n} | {}} — bounds and spacing left out come from the parameter's schema.
std::vector<ParamRange> readRanges(JsonReader &m, const ParamSchema &schema)
{
    std::vector<ParamRange> out;
    if (!m.has("sweep"))
        return out;
    const auto &obj = m.raw("sweep");
    if (!obj.is_object() || obj.empty())
        throw ConfigError(m.path("sweep"),
                          "expected an object of parameter ranges, e.g. {\"learning_rate\": "
                          "{\"min\": 1e-4, \"max\": 1e-2}}");
    JsonReader sweep = m.child("sweep");
    for (const auto &[name, value] : obj.items()) {
        JsonReader r = sweep.child(name);
        ParamRange range;
        range.name = name;
        const ParamSpec *spec = schema.find(name);
        range.min = r.num("min", spec ? spec->min : 0);
        range.max = r.num("max", spec ? spec->max : 0);
        range.log = r.boolean("log", spec && spec->logScale);
        range.steps = r.integerAs<int>("steps", range.steps);
        if (r.has("values")) {
            const auto &v = r.raw("values");
            if (!v.is_array() || v.empty())
                throw ConfigError(r.path("values"), "expected a non-empty list");
            for (std::size_t k = 0; k < v.size(); ++k)
                range.values.push_back(
                    paramValue(v[k], r.path("values") + "[" + std::to_string(k) + "]"));
        }
        r.rejectUnknown();
        out.push_back(std::move(range));
    }
    return out;
}

SweepConfig readSweep(JsonReader r, const std::string &validMetric)
{
    SweepConfig c;
    const std::string method = r.str("method", "grid");
    if (method != "grid" && method != "random")
        throw ConfigError(r.path("method"), "expected \"grid\" or \"random\"");
    c.method = method == "grid" ? SweepMethod::Grid : SweepMethod::Random;
    c.trials = r.integerAs<int>("trials", 0);
    if (c.trials < 0 || c.trials > SweepConfig::kMaxTrials)
        throw ConfigError(r.path("trials"),
                          "expected 0 (all grid points, or 10 random) to "
                              + std::to_string(SweepConfig::kMaxTrials));
    c.seed = r.seed("seed", c.seed);
    c.metric = r.str("metric", validMetric);
    r.rejectUnknown();
    return c;
}

std::vector<std::uint64_t> readRepeat(JsonReader r)
{
    std::vector<std::uint64_t> seeds;
    if (!r.has("seeds"))
        throw ConfigError(r.path("seeds"), "list the seeds, e.g. [1, 2, 3]");
    const auto &v = r.raw("seeds");
    if (!v.is_array() || v.empty() || v.size() > 1000)
        throw ConfigError(r.path("seeds"), "expected a list of 1 to 1000 seeds");
    for (std::size_t k = 0; k < v.size(); ++k) {
        const auto seed
            = seedValue(v[k],
                        r.path("seeds") + "[" + std::to_string(k) + "]"); // as "seed" reads one
        if (std::find(seeds.begin(), seeds.end(), seed) != seeds.end())
            throw ConfigError(r.path("seeds") + "[" + std::to_string(k) + "]",
                              "seed " + std::to_string(seed) + " is listed twice");
        seeds.push_back(seed);
    }
    r.rejectUnknown();
    return seeds;
}

} // namespace recscope::core::detail
