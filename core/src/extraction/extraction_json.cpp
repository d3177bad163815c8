// SPDX-License-Identifier: MIT
#include "recscope/core/extraction.h"
#include "util/config_json.h"

#include <algorithm>

namespace recscope::core {

void ExtractionConfig::validate(const std::string &path) const
{
    auto check = [&](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(path + "." + field, what);
    };
    check(fewShotShare > 0 && fewShotShare < 1, "few_shot_share", "must be in (0, 1)");
    check(!budgets.empty(), "budgets", "needs at least one query budget");
    for (auto b : budgets)
        check(b >= 2 && b <= 10000000, "budgets", "each budget must be 2 to 10000000 queries");
    check(!variants.empty(),
          "variants",
          "needs at least one of few-shot, augmented, augmented+repair");
    for (const auto &v : variants)
        check(v == "few-shot" || v == "augmented" || v == "augmented+repair",
              "variants",
              "'" + v + "' is not one of few-shot, augmented, augmented+repair");
    check(listLength >= 2 && listLength <= 1000, "list_length", "must be 2 to 1000");
    check(sequenceLength >= 0 && sequenceLength <= maxLen,
          "sequence_length",
          "must be 0 (the mean few-shot length) to max_len");
    check(hidden >= 2 && hidden <= 4096 && hidden % std::max(1, heads) == 0,
          "hidden",
          "must be 2 to 4096 and divisible by heads");
    check(layers >= 1 && layers <= 16, "layers", "must be 1 to 16");
    check(heads >= 1 && heads <= 64, "heads", "must be 1 to 64");
    check(maxLen >= 2 && maxLen <= 1000, "max_len", "must be 2 to 1000");
    check(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)");
    check(epochs >= 1 && epochs <= 10000, "epochs", "must be 1 to 10000");
    check(batchSize >= 1 && batchSize <= 65536, "batch_size", "must be 1 to 65536");
    check(learningRate > 0 && learningRate < 10, "learning_rate", "must be in (0, 10)");
    check(margin >= 0, "margin", "must be ≥ 0");
    check(repairWeight >= 0, "repair_weight", "must be ≥ 0");
    check(repairK >= 1 && repairK <= listLength, "repair_k", "must be 1 to list_length");
    check(evalUsers >= 1, "eval_users", "must be ≥ 1");
}

const ConfigFields<ExtractionConfig> &ExtractionConfig::fields()
{
    using C = ExtractionConfig;
    static const ConfigFields<C> list{
        {"few_shot_share",
         &C::fewShotShare,
         "share of users whose real sequences the attacker holds",
         "few-shot"},
        {"budgets", &C::budgets, "victim query budgets (one query per prefix)"},
        {"variants", &C::variants, "surrogates: few-shot, augmented, augmented+repair"},
        {"list_length", &C::listLength, "top-K the victim returns"},
        {"sequence_length",
         &C::sequenceLength,
         "synthetic sequence length, 0 = the mean few-shot length"},
        {"hidden", &C::hidden, "the surrogate SASRec's hidden size"},
        {"layers", &C::layers, "its transformer layers"},
        {"heads", &C::heads, "its attention heads"},
        {"max_len", &C::maxLen, "its maximum sequence length"},
        {"dropout", &C::dropout, "its dropout"},
        {"epochs", &C::epochs, "surrogate training epochs"},
        {"batch_size", &C::batchSize, "sequences per training step"},
        {"learning_rate", &C::learningRate, "Adam's learning rate", "lr"},
        {"margin", &C::margin, "margin of both ranking losses"},
        {"repair_weight", &C::repairWeight, "weight of the bidirectional repair loss"},
        {"repair_k", &C::repairK, "list length the repair loss aligns"},
        {"eval_users", &C::evalUsers, "held-out users the agreement is measured on"},
        {"seed", &C::seed, "random seed"},
    };
    return list;
}

std::string ExtractionConfig::toJson() const
{
    return detail::configToJson(*this, fields());
}

ExtractionConfig ExtractionConfig::fromJson(const std::string &json, const std::string &path)
{
    return detail::configFromJson<ExtractionConfig>(json, path);
}

std::string ExtractionReport::toJson() const
{
    nlohmann::json pts = nlohmann::json::array();
    for (const auto &p : points) {
        nlohmann::json agreement = nlohmann::json::object();
        for (const auto &[k, v] : p.agreement)
            agreement[std::to_string(k)] = v;
        pts.push_back({{"variant", p.variant},
                       {"budget", p.budget},
                       {"queries", p.queries},
                       {"sequences", p.sequences},
                       {"gate", p.gate},
                       {"agreement", agreement},
                       {"ndcg", p.ndcg},
                       {"seconds", p.seconds}});
    }
    return nlohmann::json{{"run", runId},
                          {"label", label},
                          {"config", nlohmann::json::parse(config.toJson())},
                          {"items", items},
                          {"few_shot_users", fewShotUsers},
                          {"eval_users", evalUsers},
                          {"victim_ndcg", victimNdcg},
                          {"points", pts}}
        .dump();
}

ExtractionReport ExtractionReport::fromJson(const std::string &json)
{
    const auto j = nlohmann::json::parse(json);
    ExtractionReport r;
    r.runId = j.at("run").get<std::int64_t>();
    r.label = j.at("label").get<std::string>();
    r.config = ExtractionConfig::fromJson(j.at("config").dump());
    r.items = j.at("items").get<std::int64_t>();
    r.fewShotUsers = j.at("few_shot_users").get<std::int64_t>();
    r.evalUsers = j.at("eval_users").get<std::int64_t>();
    r.victimNdcg = j.at("victim_ndcg").get<double>();
    for (const auto &p : j.at("points")) {
        ExtractionPoint point{p.at("variant").get<std::string>(),
                              p.at("budget").get<std::int64_t>(),
                              p.at("queries").get<std::int64_t>(),
                              p.at("sequences").get<std::int64_t>(),
                              p.at("gate").get<double>(),
                              {},
                              p.at("ndcg").get<double>(),
                              p.at("seconds").get<double>()};
        for (const auto &[k, v] : p.at("agreement").items())
            point.agreement[std::stoi(k)] = v.get<double>();
        r.points.push_back(std::move(point));
    }
    return r;
}

} // namespace recscope::core
