// SPDX-License-Identifier: MIT
// Grid and random search over declared parameter ranges, and validation-only selection.
#include "recscope/core/sweep.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace recscope::core {

namespace {

/// The values a range takes on a grid: `steps` points from min to max, log-spaced if asked;
/// whole numbers for Int parameters (duplicates after rounding dropped).
std::vector<ParamValue> gridValues(const ParamSpec &spec, const ParamRange &r)
{
    if (!r.values.empty())
        return r.values;
    std::vector<ParamValue> out;
    for (int k = 0; k < r.steps; ++k) {
        const double f = r.steps == 1 ? 0.0 : double(k) / (r.steps - 1);
        const double v = r.log ? std::exp(std::log(r.min) + f * (std::log(r.max) - std::log(r.min)))
                               : r.min + f * (r.max - r.min);
        const ParamValue value = spec.type == ParamType::Int
                                     ? ParamValue(std::int64_t(std::llround(v)))
                                     : ParamValue(v);
        if (std::find(out.begin(), out.end(), value) == out.end())
            out.push_back(value);
    }
    return out;
}

ParamValue randomValue(const ParamSpec &spec, const ParamRange &r, std::mt19937_64 &rng)
{
    if (!r.values.empty())
        return r.values[std::uniform_int_distribution<std::size_t>(0, r.values.size() - 1)(rng)];
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double f = unit(rng);
    const double v = r.log ? std::exp(std::log(r.min) + f * (std::log(r.max) - std::log(r.min)))
                           : r.min + f * (r.max - r.min);
    return spec.type == ParamType::Int ? ParamValue(std::int64_t(std::llround(v))) : ParamValue(v);
}

/// Fills in what a range leaves to the schema and checks it; returns the parameter's spec.
const ParamSpec &completeRange(const ParamSchema &schema, ParamRange &r, const std::string &context)
{
    const std::string where = context + ".sweep." + r.name;
    const ParamSpec *spec = schema.find(r.name);
    if (!spec)
        throw ConfigError(where, "the model has no parameter '" + r.name + "'");
    if (r.values.empty()) {
        if (spec->type == ParamType::Choice)
            r.values.assign(spec->choices.begin(), spec->choices.end());
        else if (spec->type == ParamType::Bool)
            r.values = {false, true};
        else if (spec->type == ParamType::String)
            throw ConfigError(where, "a text parameter needs \"values\"");
    }
    if (r.values.empty()) {
        if (!(r.min < r.max))
            throw ConfigError(where, "expected min < max (or \"values\")");
        if (spec->min != spec->max && (r.min < spec->min || r.max > spec->max))
            throw ConfigError(where,
                              "the range must lie within the parameter's " + toString(spec->min)
                                  + " to " + toString(spec->max));
        if (r.log && r.min <= 0)
            throw ConfigError(where, "a log range needs min > 0");
        if (r.steps < 1 || r.steps > SweepConfig::kMaxTrials)
            throw ConfigError(where + ".steps",
                              "expected 1 to " + std::to_string(SweepConfig::kMaxTrials));
    }
    for (std::size_t k = 0; k < r.values.size();
         ++k) { // each value must be one the parameter accepts
        try {
            schema.resolve({{r.name, r.values[k]}}, "");
        } catch (const ConfigError &e) {
            throw ConfigError(where + ".values[" + std::to_string(k) + "]", e.detail());
        }
    }
    return *spec;
}

} // namespace

const char *sweepMethodName(SweepMethod method)
{
    return method == SweepMethod::Grid ? "grid" : "random";
}

std::vector<ParamSet> planTrials(const ParamSchema &schema,
                                 const ParamSet &base,
                                 const std::vector<ParamRange> &asked,
                                 const SweepConfig &config,
                                 const std::string &context)
{
    std::vector<ParamRange> ranges = asked;
    std::vector<const ParamSpec *> specs;
    for (auto &r : ranges)
        specs.push_back(&completeRange(schema, r, context));
    std::vector<std::map<std::string, ParamValue>> trials;
    if (config.method == SweepMethod::Grid) {
        std::vector<std::vector<ParamValue>> axes;
        std::size_t points = 1;
        for (std::size_t k = 0; k < ranges.size(); ++k) {
            axes.push_back(gridValues(*specs[k], ranges[k]));
            points *= axes.back().size();
            if (points > std::size_t(SweepConfig::kMaxTrials))
                break;
        }
        const std::size_t budget
            = config.trials > 0 ? std::size_t(config.trials) : std::size_t(SweepConfig::kMaxTrials);
        if (points > budget)
            throw ConfigError(
                "sweep.trials",
                "the grid has "
                    + (points > std::size_t(SweepConfig::kMaxTrials) ? "more than 1000"
                                                                     : std::to_string(points))
                    + " points, more than the budget of " + std::to_string(budget)
                    + "; raise \"trials\", narrow the ranges or use \"method\": \"random\"");
        std::vector<std::size_t> at(axes.size(), 0);
        for (std::size_t t = 0; t < points; ++t) { // odometer over the axes, the last fastest
            std::map<std::string, ParamValue> trial;
            for (std::size_t k = 0; k < axes.size(); ++k)
                trial[ranges[k].name] = axes[k][at[k]];
            trials.push_back(std::move(trial));
            for (std::size_t k = axes.size(); k-- > 0;)
                if (++at[k] < axes[k].size())
                    break;
                else
                    at[k] = 0;
        }
    } else {
        const int n = config.trials > 0 ? config.trials : 10;
        if (n > SweepConfig::kMaxTrials)
            throw ConfigError("sweep.trials",
                              "at most " + std::to_string(SweepConfig::kMaxTrials) + " trials");
        std::mt19937_64 rng(config.seed);
        for (int t = 0; t < n; ++t) {
            std::map<std::string, ParamValue> trial;
            for (std::size_t k = 0; k < ranges.size(); ++k)
                trial[ranges[k].name] = randomValue(*specs[k], ranges[k], rng);
            trials.push_back(std::move(trial));
        }
    }
    std::vector<ParamSet> out;
    for (auto &trial : trials) {
        auto values = base.values();
        for (auto &[name, value] : trial)
            values[name] = std::move(value);
        out.push_back(schema.resolve(values, context + ".sweep"));
    }
    return out;
}

int selectTrial(const std::vector<std::vector<double>> &validPerTrial)
{
    int best = -1;
    double bestMean = -INFINITY;
    for (std::size_t t = 0; t < validPerTrial.size(); ++t) {
        const auto &v = validPerTrial[t];
        if (v.empty())
            continue;
        const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        if (!std::isnan(mean) && mean > bestMean) {
            bestMean = mean;
            best = int(t);
        }
    }
    return best;
}

std::string describeTrial(const ParamSet &trial, const std::vector<ParamRange> &ranges)
{
    std::string out;
    for (const auto &r : ranges)
        if (trial.contains(r.name))
            out += (out.empty() ? "" : ", ") + r.name + "=" + toString(trial.values().at(r.name));
    return out;
}

} // namespace recscope::core
