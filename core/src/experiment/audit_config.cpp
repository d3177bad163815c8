// SPDX-License-Identifier: MIT
#include "recscope/core/audit_config.h"

#include "recscope/core/error.h"
#include "util/config_json.h"

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

const ConfigFields<AuditConfig> &AuditConfig::fields()
{
    using C = AuditConfig;
    static const ConfigFields<C> list{
        {"k", &C::k, "list length"},
        {"attribute",
         &C::attribute,
         "categorical user attribute to group by; empty = the dataset's sensitive one"},
        {"bootstrap", &C::bootstrap, "resamples for the 95% intervals"},
        {"head_share",
         &C::headShare,
         "the head's share of training interactions (Elliot's pop_ratio)"},
        {"calibration_alpha", &C::calibrationAlpha, "smoothing of the calibration KL"},
        {"attacker_train_share",
         &C::attackerTrainShare,
         "users the attribute attacker learns from; the rest test it"},
        {"attacker_epochs", &C::attackerEpochs, "training epochs of the attribute attacker"},
        {"seed", &C::seed, "random seed"},
    };
    return list;
}

std::string AuditConfig::toJson() const
{
    return detail::configToJson(*this, fields());
}

AuditConfig AuditConfig::fromJson(const std::string &json, const std::string &path)
{
    return detail::configFromJson<AuditConfig>(json, path);
}

} // namespace recscope::core
