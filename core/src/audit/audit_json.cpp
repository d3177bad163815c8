// SPDX-License-Identifier: MIT
#include "experiment/json_reader.h"
#include "recscope/core/attack.h"
#include "recscope/core/audit.h"
#include "recscope/core/error.h"

#include <cmath>

namespace recscope::core {

void AttackConfig::validate(const std::string &path) const
{
    auto check = [&](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(path + "." + field, what);
    };
    check(kind == "none" || kind == "random" || kind == "bandwagon" || kind == "popular" || kind == "average" || kind == "dp", "kind",
          "expected none, random, bandwagon, popular, average or dp, not '" + kind + "'");
    check(fakeUserShare >= 0 && fakeUserShare <= 1, "fake_user_share", "must be 0 to 1");
    check(profileLength >= 0 && profileLength <= 100000, "profile_length", "must be 0 (the mean profile) to 100000");
    check(targets >= 1 && targets <= 1000, "targets", "must be 1 to 1000");
    check(targetBand == "head" || targetBand == "mid" || targetBand == "tail", "target_band", "expected head, mid or tail");
}

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

void AuditConfig::validate(const std::string &path) const
{
    auto check = [&](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(path + "." + field, what);
    };
    check(k >= 1 && k <= 1000, "k", "must be 1 to 1000");
    check(bootstrap >= 1 && bootstrap <= 100000, "bootstrap", "must be 1 to 100000");
    check(headShare > 0 && headShare < 1, "head_share", "must be in (0, 1)");
    check(calibrationAlpha >= 0 && calibrationAlpha < 1, "calibration_alpha", "must be in [0, 1)");
    check(attackerTrainShare > 0 && attackerTrainShare < 1, "attacker_train_share", "must be in (0, 1)");
    check(attackerEpochs >= 1 && attackerEpochs <= 100000, "attacker_epochs", "must be 1 to 100000");
}

std::string AuditConfig::toJson() const
{
    return nlohmann::json{{"k", k},
                          {"attribute", attribute},
                          {"bootstrap", bootstrap},
                          {"head_share", headShare},
                          {"calibration_alpha", calibrationAlpha},
                          {"attacker_train_share", attackerTrainShare},
                          {"attacker_epochs", attackerEpochs},
                          {"seed", seed}}
        .dump();
}

AuditConfig AuditConfig::fromJson(const std::string &json, const std::string &path)
{
    const nlohmann::json j = detail::parseObject(json, path);
    detail::JsonReader r(j, path);
    AuditConfig c;
    c.k = r.integerAs<int>("k", c.k);
    c.attribute = r.str("attribute", c.attribute);
    c.bootstrap = r.integerAs<int>("bootstrap", c.bootstrap);
    c.headShare = r.num("head_share", c.headShare);
    c.calibrationAlpha = r.num("calibration_alpha", c.calibrationAlpha);
    c.attackerTrainShare = r.num("attacker_train_share", c.attackerTrainShare);
    c.attackerEpochs = r.integerAs<int>("attacker_epochs", c.attackerEpochs);
    c.seed = r.seed("seed", c.seed);
    r.rejectUnknown();
    c.validate(path);
    return c;
}

std::string AuditReport::toJson() const
{
    nlohmann::json consumerJson = nlohmann::json::array();
    for (const auto &m : consumer) {
        nlohmann::json groups = nlohmann::json::array();
        for (const auto &g : m.groups)
            groups.push_back({{"group", g.group}, {"users", g.users}, {"mean", g.mean}, {"low", g.low}, {"high", g.high}});
        consumerJson.push_back({{"metric", m.metric}, {"groups", groups}, {"best", m.best}, {"worst", m.worst}, {"gap", m.gap},
                                {"gap_low", m.gapLow}, {"gap_high", m.gapHigh}, {"ratio", m.ratio}});
    }
    nlohmann::json biasJson = nlohmann::json::object();
    for (const auto &[name, v] : bias)
        biasJson[name] = number(v);
    nlohmann::json groupsJson = nlohmann::json::array();
    for (const auto &g : itemGroups)
        groupsJson.push_back({{"family", g.family}, {"group", g.group}, {"items", g.items}, {"catalog_share", g.catalogShare},
                              {"exposure_share", g.exposureShare}, {"hit_share", g.hitShare}});
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
        ConsumerMetric c{m.at("metric").get<std::string>(), {}, m.at("best").get<std::string>(), m.at("worst").get<std::string>(),
                         m.at("gap").get<double>(), m.at("gap_low").get<double>(), m.at("gap_high").get<double>(), m.at("ratio").get<double>()};
        for (const auto &g : m.at("groups"))
            c.groups.push_back({g.at("group").get<std::string>(), g.at("users").get<std::int64_t>(), g.at("mean").get<double>(),
                                g.at("low").get<double>(), g.at("high").get<double>()});
        r.consumer.push_back(std::move(c));
    }
    const auto &a = j.at("attacker");
    r.attacker = {a.at("accuracy").get<double>(), a.at("macro_f1").get<double>(), a.at("majority").get<double>(),
                  a.at("train_users").get<std::int64_t>(), a.at("test_users").get<std::int64_t>()};
    for (const auto &[name, v] : j.at("bias").items())
        r.bias[name] = number(v);
    for (const auto &g : j.at("item_groups"))
        r.itemGroups.push_back({g.at("family").get<std::string>(), g.at("group").get<std::string>(), g.at("items").get<std::int64_t>(),
                                g.at("catalog_share").get<double>(), g.at("exposure_share").get<double>(), g.at("hit_share").get<double>()});
    r.lorenzX = j.at("lorenz_x").get<std::vector<double>>();
    r.lorenzY = j.at("lorenz_y").get<std::vector<double>>();
    r.popularity = j.at("popularity").get<std::vector<double>>();
    r.exposure = j.at("exposure").get<std::vector<double>>();
    return r;
}

} // namespace recscope::core
