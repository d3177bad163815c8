// SPDX-License-Identifier: MIT
#include "recscope/core/audit.h"
#include "recscope/core/error.h"
#include "util/json_reader.h"

#include <cmath>

namespace recscope::core {

namespace {

/// NaN (an undefined PopRSP) is stored as null and read back as NaN.
nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double number(const nlohmann::json &j)
{
    return j.is_null() ? std::nan("") : j.get<double>();
}

} // namespace

std::string AuditReport::toJson() const
{
    nlohmann::json consumerJson = nlohmann::json::array();
    for (const auto &m : consumer) {
        nlohmann::json groups = nlohmann::json::array();
        for (const auto &g : m.groups)
            groups.push_back({{"group", g.group},
                              {"users", g.users},
                              {"mean", g.mean},
                              {"low", g.low},
                              {"high", g.high}});
        consumerJson.push_back({{"metric", m.metric},
                                {"groups", groups},
                                {"best", m.best},
                                {"worst", m.worst},
                                {"gap", m.gap},
                                {"gap_low", m.gapLow},
                                {"gap_high", m.gapHigh},
                                {"ratio", m.ratio}});
    }
    nlohmann::json biasJson = nlohmann::json::object();
    for (const auto &[name, v] : bias)
        biasJson[name] = number(v);
    nlohmann::json groupsJson = nlohmann::json::array();
    for (const auto &g : itemGroups)
        groupsJson.push_back({{"family", g.family},
                              {"group", g.group},
                              {"items", g.items},
                              {"catalog_share", g.catalogShare},
                              {"exposure_share", g.exposureShare},
                              {"hit_share", g.hitShare}});
    return nlohmann::json{{"run", runId},
                          {"label", label},
                          {"k", k},
                          {"attribute", attribute},
                          {"consumer", consumerJson},
                          {"attacker",
                           {{"accuracy", attacker.accuracy},
                            {"macro_f1", attacker.macroF1},
                            {"majority", attacker.majority},
                            {"train_users", attacker.trainUsers},
                            {"test_users", attacker.testUsers}}},
                          {"bias", biasJson},
                          {"item_groups", groupsJson},
                          {"lorenz_x", lorenzX},
                          {"lorenz_y", lorenzY},
                          {"popularity", popularity},
                          {"exposure", exposure}}
        .dump();
}

AuditReport AuditReport::fromJson(const std::string &json)
{
    const auto j = nlohmann::json::parse(json);
    AuditReport r;
    r.runId = j.at("run").get<std::int64_t>();
    r.label = j.at("label").get<std::string>();
    r.k = j.at("k").get<int>();
    r.attribute = j.at("attribute").get<std::string>();
    for (const auto &m : j.at("consumer")) {
        ConsumerMetric c{m.at("metric").get<std::string>(),
                         {},
                         m.at("best").get<std::string>(),
                         m.at("worst").get<std::string>(),
                         m.at("gap").get<double>(),
                         m.at("gap_low").get<double>(),
                         m.at("gap_high").get<double>(),
                         m.at("ratio").get<double>()};
        for (const auto &g : m.at("groups"))
            c.groups.push_back({g.at("group").get<std::string>(),
                                g.at("users").get<std::int64_t>(),
                                g.at("mean").get<double>(),
                                g.at("low").get<double>(),
                                g.at("high").get<double>()});
        r.consumer.push_back(std::move(c));
    }
    const auto &a = j.at("attacker");
    r.attacker = {a.at("accuracy").get<double>(),
                  a.at("macro_f1").get<double>(),
                  a.at("majority").get<double>(),
                  a.at("train_users").get<std::int64_t>(),
                  a.at("test_users").get<std::int64_t>()};
    for (const auto &[name, v] : j.at("bias").items())
        r.bias[name] = number(v);
    for (const auto &g : j.at("item_groups"))
        r.itemGroups.push_back({g.at("family").get<std::string>(),
                                g.at("group").get<std::string>(),
                                g.at("items").get<std::int64_t>(),
                                g.at("catalog_share").get<double>(),
                                g.at("exposure_share").get<double>(),
                                g.at("hit_share").get<double>()});
    r.lorenzX = j.at("lorenz_x").get<std::vector<double>>();
    r.lorenzY = j.at("lorenz_y").get<std::vector<double>>();
    r.popularity = j.at("popularity").get<std::vector<double>>();
    r.exposure = j.at("exposure").get<std::vector<double>>();
    return r;
}

} // namespace recscope::core
