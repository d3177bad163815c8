// SPDX-License-Identifier: MIT
#pragma once
// The settings of a fairness and bias audit (audit.h): a spec section ("audits") and the
// settings stored with each audit.

#include "recscope/core/config_fields.h"
#include "recscope/core/export.h"

#include <cstdint>
#include <string>

namespace recscope::core {

/// What an audit measures and how: list length, the grouping attribute, the bootstrap and the
/// attacker's training.
struct RS_CORE_EXPORT AuditConfig
{
    int k = 10;            ///< list length
    std::string attribute; ///< categorical user attribute to group by; empty = the sensitive one
    int bootstrap = 1000;  ///< resamples for the 95% intervals
    double headShare
        = 0.8; ///< Elliot's pop_ratio: the head holds this share of training interactions
    double calibrationAlpha = 0.01;
    double attackerTrainShare = 0.8; ///< users the attacker learns from; the rest test it
    int attackerEpochs = 100;
    std::uint64_t seed = 7;

    /// Throws ConfigError naming the field (path.k, ...; "audits.k" in a spec).
    void validate(const std::string &path = "audit") const;
    std::string toJson() const;
    static AuditConfig fromJson(const std::string &json, const std::string &path = "audit");
    /// Every field's key, meaning and CLI spelling; toJson, fromJson and the CLI derive from it.
    static const ConfigFields<AuditConfig> &fields();
};

} // namespace recscope::core
