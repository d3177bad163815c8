// SPDX-License-Identifier: MIT
// ExperimentSpec → JSON with every field written out (defaults included), so that a spec the
// GUI builds from its forms, saved and run by the CLI, parses back to the same values.
#include "recscope/core/experiment.h"
#include "util/config_json.h"

namespace recscope::core {

using nlohmann::json;

namespace {

std::string charJson(char c)
{
    return c == '\t' ? "\\t" : std::string(1, c);
}

/// A path relative to the spec's folder when it lies beneath it, so a project folder can move.
std::string specPath(const std::filesystem::path &p, const std::filesystem::path &baseDir)
{
    if (!baseDir.empty()) {
        auto rel = p.lexically_relative(baseDir);
        if (!rel.empty() && *rel.begin() != "..")
            return rel.generic_string();
    }
    return p.generic_string();
}

json datasetJson(const DatasetSource &d, const std::filesystem::path &baseDir)
{
    json out{{"format", formatName(d)}};
    if (d.format == DatasetFormat::Synthetic) {
        out["synthetic"] = detail::configJson(d.synthetic, SyntheticConfig::fields());
        return out;
    }
    out["path"] = specPath(d.path, baseDir);
    if (d.format == DatasetFormat::Delimited) {
        const auto &m = d.mapping;
        json mapping{{"delimiter", charJson(m.delimiter)},
                     {"header", m.header},
                     {"user", m.user},
                     {"item", m.item}};
        for (const auto &[key, value] : {std::pair{"time", m.time},
                                         {"rating", m.rating},
                                         {"feedback", m.feedback},
                                         {"categories", m.categories}})
            if (!value.empty())
                mapping[key] = value;
        if (!m.categories.empty())
            mapping["category_separator"] = charJson(m.categorySeparator);
        out["mapping"] = mapping;
    }
    return out;
}

} // namespace

json detail::paramsToJson(const ParamSet &params)
{
    json out = json::object();
    for (const auto &[name, value] : params.values())
        std::visit([&, &n = name](const auto &v) { out[n] = v; }, value);
    return out;
}

std::string ExperimentSpec::toJson(const std::filesystem::path &baseDir) const
{
    json prep{{"dedupe", prepare.dedupe},
              {"user_core", prepare.userCore},
              {"item_core", prepare.itemCore}};
    if (prepare.implicitThreshold)
        prep["implicit_threshold"] = *prepare.implicitThreshold;
    json sp{{"kind", splitKindName(split.kind)}};
    if (split.kind == SplitKind::UserRatio || split.kind == SplitKind::Temporal)
        sp["ratios"] = {split.trainRatio, split.validRatio, split.testRatio};
    if (split.kind == SplitKind::LeaveOneOut)
        sp["two_row_users"] = split.twoRowUsersToTest ? "test" : "train";
    if (split.kind == SplitKind::Files)
        sp["cold_users"] = split.keepColdUsers ? "keep" : "error";
    const char *partKeys[3] = {"train", "valid", "test"};
    for (std::size_t k = 0; k < 3; ++k)
        if (split.kind == SplitKind::Files && !split.files[k].empty())
            sp[partKeys[k]] = specPath(split.files[k], baseDir);
    if (split.kind == SplitKind::UserRatio) {
        sp["order"] = split.timeOrdered ? "time" : "random";
        sp["seed"] = split.seed;
    }
    json ev{{"metrics", eval.metrics},
            {"ks", eval.ks},
            {"valid_metric", validMetric},
            {"mask_history", eval.maskHistory},
            {"sampled_negatives", eval.sampledNegatives},
            {"user_batch", eval.userBatch}};
    json models = json::array();
    for (const auto &m : this->models) {
        json entry{{"id", m.id}, {"label", m.label}, {"params", detail::paramsToJson(m.params)}};
        for (const auto &r : m.sweep) {
            json range;
            if (!r.values.empty()) {
                range["values"] = json::array();
                for (const auto &v : r.values)
                    std::visit([&](const auto &x) { range["values"].push_back(x); }, v);
            } else {
                range = {{"min", r.min}, {"max", r.max}, {"log", r.log}, {"steps", r.steps}};
            }
            entry["sweep"][r.name] = range;
        }
        models.push_back(std::move(entry));
    }
    json doc{{"name", name},
             {"dataset", datasetJson(dataset, baseDir)},
             {"prepare", prep},
             {"split", sp},
             {"eval", ev},
             {"device", device},
             {"seed", seed},
             {"models", models}};
    if (!repeatSeeds.empty())
        doc["repeat"] = {{"seeds", repeatSeeds}};
    if (sweep)
        doc["sweep"] = {{"method", sweepMethodName(sweep->method)},
                        {"trials", sweep->trials},
                        {"seed", sweep->seed},
                        {"metric", sweep->metric.empty() ? validMetric : sweep->metric}};
    if (audits)
        doc["audits"] = nlohmann::json::parse(audits->toJson());
    if (attack)
        doc["attack"] = {{"kind", attack->kind},
                         {"fake_user_share", attack->fakeUserShare},
                         {"profile_length", attack->profileLength},
                         {"targets", attack->targets},
                         {"target_band", attack->targetBand},
                         {"seed", attack->seed}};
    if (task == TaskKind::Ctr) {
        doc["task"] = taskKey(task);
        doc["ctr"] = {{"max_history", ctr.maxHistory},
                      {"negatives", ctr.negatives},
                      {"train_targets_per_user", ctr.trainTargetsPerUser},
                      {"relevance_window", ctr.relevanceWindow},
                      {"search_k", ctr.searchK}};
    }
    return doc.dump(2);
}

} // namespace recscope::core
