// SPDX-License-Identifier: MIT
#include "experiment/spec_readers.h"
#include "recscope/core/experiment.h"
#include "recscope/core/registry.h"
#include "recscope/core/task.h"
#include "util/config_json.h"

#include <recscope/sdk/dataset_loader.h>
#include <recscope/sdk/metric.h>

#include <fstream>
#include <limits>
#include <sstream>

namespace recscope::core {

using detail::JsonReader;
using detail::paramValue;
using detail::readRanges;
using detail::readRepeat;
using detail::readSweep;
using nlohmann::json;

namespace {

SyntheticConfig readSynthetic(JsonReader r)
{
    SyntheticConfig c;
    detail::readConfigFields(r, c, SyntheticConfig::fields());
    r.rejectUnknown();
    return c;
}

char readChar(JsonReader &r, const std::string &key, char fallback)
{
    const std::string s = r.str(key, std::string(1, fallback));
    if (s == "\\t" || s == "tab")
        return '\t';
    if (s.size() != 1)
        throw ConfigError(r.path(key), "expected a single character");
    return s[0];
}

/// A data file's path made absolute (against baseDir, else the current folder) as the spec is
/// read: the spec stored with each run then finds its data from any folder (resume, attention,
/// report); before, a path relative to where `run` was started was stored as it was.
std::filesystem::path resolvePath(const std::filesystem::path &p,
                                  const std::filesystem::path &baseDir)
{
    if (p.empty())
        return p;
    std::error_code ec;
    const auto full
        = std::filesystem::absolute(p.is_absolute() || baseDir.empty() ? p : baseDir / p, ec);
    return ec ? p : full.lexically_normal();
}

DatasetSource
readDataset(JsonReader r, const std::filesystem::path &baseDir, const Registry &registry)
{
    DatasetSource d;
    const std::string format = r.str("format", r.has("path") ? "auto" : "synthetic");
    if (r.has("path")) {
        std::filesystem::path p = r.str("path", "");
        d.path = resolvePath(p, baseDir);
    }
    if ((d.loader = registry.loaderFor(format, d.path))) {
        d.format = DatasetFormat::Plugin;
    } else {
        try {
            d.format = parseFormat(format);
        } catch (const ConfigError &e) {
            std::string plugins;
            for (const auto &l : registry.datasetLoaders())
                plugins += ", " + l.id;
            throw ConfigError(r.path("format"),
                              e.detail() + (plugins.empty() ? "" : "; from plugins" + plugins));
        }
    }
    if (!r.has("path") && d.format != DatasetFormat::Synthetic)
        throw ConfigError(r.path("path"), "a file dataset needs a path");
    auto m = r.child("mapping");
    d.mapping.delimiter = readChar(m, "delimiter", d.path.extension() == ".tsv" ? '\t' : ',');
    d.mapping.header = m.boolean("header", true);
    d.mapping.user = m.str("user", "");
    d.mapping.item = m.str("item", "");
    d.mapping.time = m.str("time", "");
    d.mapping.rating = m.str("rating", "");
    d.mapping.feedback = m.str("feedback", "");
    d.mapping.categories = m.str("categories", "");
    d.mapping.categorySeparator = readChar(m, "category_separator", '|');
    m.rejectUnknown();
    if (d.format == DatasetFormat::Delimited && (d.mapping.user.empty() || d.mapping.item.empty()))
        throw ConfigError(r.path("mapping"),
                          "a CSV/TSV dataset needs a mapping with at least \"user\" and \"item\"");
    d.synthetic = readSynthetic(r.child("synthetic"));
    r.rejectUnknown();
    return d;
}

PrepareOptions readPrepare(JsonReader r)
{
    PrepareOptions p;
    if (r.has("implicit_threshold"))
        p.implicitThreshold = float(r.num("implicit_threshold", 0));
    p.dedupe = r.boolean("dedupe", false);
    p.userCore = r.integerAs<int>("user_core", 0);
    p.itemCore = r.integerAs<int>("item_core", 0);
    if (p.userCore < 0 || p.itemCore < 0)
        throw ConfigError(r.path("user_core"), "k-core thresholds must be >= 0");
    r.rejectUnknown();
    return p;
}

SplitConfig readSplit(JsonReader r, const std::filesystem::path &baseDir)
{
    SplitConfig s;
    s.kind = parseSplitKind(r.str("kind", "leave_one_out"));
    const char *partKeys[3] = {"train", "valid", "test"};
    for (std::size_t k = 0; k < 3; ++k) {
        if (!r.has(partKeys[k]))
            continue;
        if (s.kind != SplitKind::Files)
            throw ConfigError(r.path(partKeys[k]), "part files belong to the \"files\" split");
        const std::filesystem::path p = r.str(partKeys[k], "");
        s.files[k] = resolvePath(p, baseDir);
    }
    if (r.has("ratios")) {
        const auto &v = r.raw("ratios");
        if (!v.is_array() || v.size() != 3 || !v[0].is_number() || !v[1].is_number()
            || !v[2].is_number())
            throw ConfigError(r.path("ratios"),
                              "expected [train, valid, test], e.g. [0.8, 0.1, 0.1]");
        s.trainRatio = v[0].get<double>();
        s.validRatio = v[1].get<double>();
        s.testRatio = v[2].get<double>();
    }
    const std::string order = r.str("order", "time");
    if (order != "time" && order != "random")
        throw ConfigError(r.path("order"), "expected \"time\" or \"random\"");
    s.timeOrdered = order == "time";
    s.seed = r.seed("seed", s.seed);
    const std::string cold = r.str("cold_users", "error");
    if (cold != "error" && cold != "keep")
        throw ConfigError(r.path("cold_users"), "expected \"error\" or \"keep\"");
    if (cold == "keep" && s.kind != SplitKind::Files)
        throw ConfigError(r.path("cold_users"), "applies to the files split only");
    s.keepColdUsers = cold == "keep";
    const std::string twoRows = r.str("two_row_users", "train");
    if (twoRows != "train" && twoRows != "test")
        throw ConfigError(r.path("two_row_users"),
                          "expected \"train\" (both rows train) or \"test\" (RecBole: the last row "
                          "is a test item)");
    if (twoRows == "test" && s.kind != SplitKind::LeaveOneOut)
        throw ConfigError(r.path("two_row_users"), "applies to the leave_one_out split only");
    s.twoRowUsersToTest = twoRows == "test";
    r.rejectUnknown();
    return s;
}

EvalConfig readEval(JsonReader &r, const Registry &registry)
{
    EvalConfig e;
    if (r.has("metrics")) {
        const auto &v = r.raw("metrics");
        if (!v.is_array())
            throw ConfigError(r.path("metrics"), "expected a list of metric names");
        e.metrics.clear();
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string())
                throw ConfigError(r.path("metrics") + "[" + std::to_string(i) + "]",
                                  "expected a metric name such as \"NDCG\"");
            e.metrics.push_back(v[i].get<std::string>());
        }
        for (const auto &name : e.metrics)
            if (auto metric = registry.metric(name))
                e.pluginMetrics.push_back(std::move(metric));
    }
    if (r.has("ks")) {
        const auto &v = r.raw("ks");
        if (!v.is_array())
            throw ConfigError(r.path("ks"), "expected a list of cut-offs, e.g. [10, 20]");
        e.ks.clear();
        for (std::size_t i = 0; i < v.size(); ++i)
            e.ks.push_back(int(detail::integerValue(v[i],
                                                    r.path("ks") + "[" + std::to_string(i) + "]",
                                                    1,
                                                    std::numeric_limits<int>::max())));
    }
    e.maskHistory = r.boolean("mask_history", true);
    e.sampledNegatives = r.integerAs<int>("sampled_negatives", 0);
    e.userBatch = r.integerAs<int>("user_batch", e.userBatch);
    try {
        e.validate("eval");
    } catch (const ConfigError &error) {
        if (error.parameter().rfind("eval.metrics", 0) != 0)
            throw; // only an unknown metric is helped by the plugins' metric names
        std::string plugins;
        for (const auto &m : registry.metrics())
            plugins += ", " + m.name;
        throw ConfigError(error.parameter(),
                          error.detail() + (plugins.empty() ? "" : "; from plugins" + plugins));
    }
    return e;
}

CtrConfig readCtr(JsonReader r)
{
    CtrConfig c;
    auto bounded = [&](const char *key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
        const auto v = r.integer(key, fallback);
        if (v < lo || v > hi)
            throw ConfigError(r.path(key),
                              "expected " + std::to_string(lo) + " to " + std::to_string(hi)
                                  + ", got " + std::to_string(v));
        return v;
    };
    c.maxHistory = bounded("max_history", c.maxHistory, 1, 100000);
    c.negatives = int(bounded("negatives", c.negatives, 1, 100));
    c.trainTargetsPerUser = bounded("train_targets_per_user", c.trainTargetsPerUser, 0, 1000000);
    c.relevanceWindow = bounded("relevance_window", c.relevanceWindow, 1, 100000);
    c.searchK = int(bounded("search_k", c.searchK, 1, 10000));
    r.rejectUnknown();
    return c;
}

std::map<std::string, ParamValue> readParams(JsonReader &r, const std::string &key)
{
    std::map<std::string, ParamValue> out;
    if (!r.has(key))
        return out;
    const auto &obj = r.raw(key);
    if (!obj.is_object())
        throw ConfigError(r.path(key), "expected an object of parameter values");
    for (const auto &[name, v] : obj.items())
        out[name] = paramValue(v, r.path(key) + "." + name);
    return out;
}

} // namespace

std::vector<std::uint64_t> ExperimentSpec::runSeeds() const
{
    return repeatSeeds.empty() ? std::vector<std::uint64_t>{seed} : repeatSeeds;
}

ExperimentSpec ExperimentSpec::fromJson(const std::string &text,
                                        const Registry &registry,
                                        const std::filesystem::path &baseDir)
{
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception &e) { // parse_error, or out_of_range for a number past a double
        throw ConfigError("", std::string("the spec is not valid JSON: ") + e.what());
    }
    try {
        JsonReader r(doc, "");
        ExperimentSpec spec;
        spec.name = r.str("name", "experiment");
        spec.dataset = readDataset(r.child("dataset"), baseDir, registry);
        spec.prepare = readPrepare(r.child("prepare"));
        spec.split = readSplit(r.child("split"), baseDir);
        const std::string taskName = r.str("task", taskKey(TaskKind::Ranking));
        const auto task = parseTaskKey(taskName);
        if (!task)
            throw ConfigError("task", "expected " + taskKeyList() + ", not '" + taskName + "'");
        spec.task = *task;
        if (spec.task == TaskKind::Ctr)
            spec.ctr = readCtr(r.child("ctr"));
        const Task &taskRules = registry.task(spec.task);
        auto ev = r.child("eval");
        spec.eval = readEval(ev, registry);
        spec.validMetric = ev.str("valid_metric", taskRules.defaultValidMetric(spec));
        ev.rejectUnknown();
        taskRules.checkSelectionMetric(spec, spec.validMetric, "eval.valid_metric");
        spec.device = r.str("device", "auto");
        if (spec.device != "auto" && spec.device != "cpu" && spec.device.rfind("cuda", 0) != 0)
            throw ConfigError("device", "expected auto, cpu, cuda or cuda:N");
        spec.seed = r.seed("seed", spec.seed);
        if (r.has("audits")) {
            if (!taskRules.ranksCatalogue())
                throw ConfigError("audits",
                                  std::string("audits measure top-K lists; the ")
                                      + taskKey(spec.task) + " task has none");
            spec.audits = AuditConfig::fromJson(r.raw("audits").dump(), "audits");
        }
        if (r.has("attack")) {
            if (!taskRules.ranksCatalogue())
                throw ConfigError("attack",
                                  "attacks inject fake users into a ranking task's training data");
            auto a = r.child("attack");
            AttackConfig c;
            c.kind = a.str("kind", c.kind);
            c.fakeUserShare = a.num("fake_user_share", c.fakeUserShare);
            c.profileLength = a.integerAs<int>("profile_length", c.profileLength);
            c.targets = a.integerAs<int>("targets", c.targets);
            c.targetBand = a.str("target_band", c.targetBand);
            c.seed = a.seed("seed", c.seed);
            a.rejectUnknown();
            c.validate();
            spec.attack = c;
        }
        if (!r.has("models") || !doc["models"].is_array() || doc["models"].empty())
            throw ConfigError("models", "list at least one model, e.g. [{\"id\": \"bpr\"}]");
        const auto &models = r.raw("models");
        for (std::size_t k = 0; k < models.size(); ++k) {
            const std::string path = "models[" + std::to_string(k) + "]";
            JsonReader m(models[k], path);
            ModelEntry e;
            e.id = m.str("id", "");
            const ModelInfo *info = registry.info(e.id);
            if (!info) {
                std::string known;
                for (const auto &i : registry.models())
                    known += (known.empty() ? "" : ", ") + i.id;
                throw ConfigError(path + ".id",
                                  "unknown model '" + e.id + "' (known: " + known + ")");
            }
            if (info->task != spec.task)
                throw ConfigError(path + ".id",
                                  "'" + e.id + "' is a " + taskKey(info->task)
                                      + " model but the spec's task is " + taskKey(spec.task)
                                      + (info->task == TaskKind::Ranking
                                             ? std::string(" (remove \"task\")")
                                             : std::string(" (set \"task\": \"")
                                                   + taskKey(info->task) + "\")"));
            e.label = m.str("label", info->displayName);
            e.params = info->params.resolve(readParams(m, "params"), path + ".params");
            e.sweep = readRanges(m, info->params);
            m.rejectUnknown();
            spec.models.push_back(std::move(e));
        }
        if (r.has("repeat"))
            spec.repeatSeeds = readRepeat(r.child("repeat"));
        const bool swept = std::any_of(spec.models.begin(),
                                       spec.models.end(),
                                       [](const ModelEntry &e) { return !e.sweep.empty(); });
        if (r.has("sweep") && !swept)
            throw ConfigError("sweep", "no model has \"sweep\" ranges to search");
        if (swept) {
            spec.sweep = readSweep(r.child("sweep"), spec.validMetric);
            taskRules.checkSelectionMetric(spec, spec.sweep->metric, "sweep.metric");
            for (std::size_t k = 0; k < spec.models.size();
                 ++k) // the plan is checked now, not after hours of trials
                if (!spec.models[k].sweep.empty())
                    planTrials(registry.info(spec.models[k].id)->params,
                               spec.models[k].params,
                               spec.models[k].sweep,
                               *spec.sweep,
                               "models[" + std::to_string(k) + "]");
        }
        r.rejectUnknown();
        spec.specJson = spec.toJson();
        return spec;
    } catch (const json::exception &e) {
        throw ConfigError("", std::string("unexpected value in the spec: ") + e.what());
    }
}

ExperimentSpec ExperimentSpec::fromFile(const std::filesystem::path &file, const Registry &registry)
{
    std::ifstream in(file);
    if (!in)
        throw ConfigError(file.string(), "cannot open the spec file");
    std::stringstream buf;
    buf << in.rdbuf();
    try {
        return fromJson(buf.str(), registry, file.parent_path());
    } catch (const ConfigError &e) {
        throw ConfigError(e.parameter(), file.string() + ": " + e.detail());
    }
}

} // namespace recscope::core
