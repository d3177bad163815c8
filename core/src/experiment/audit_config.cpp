// SPDX-License-Identifier: MIT
#include "recscope/core/audit_config.h"

#include "recscope/core/error.h"
#include "util/json_reader.h"

namespace recscope::core {

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
    check(attackerTrainShare > 0 && attackerTrainShare < 1,
          "attacker_train_share",
          "must be in (0, 1)");
    check(attackerEpochs >= 1 && attackerEpochs <= 100000,
          "attacker_epochs",
          "must be 1 to 100000");
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

} // namespace recscope::core
