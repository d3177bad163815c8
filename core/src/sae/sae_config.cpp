// SPDX-License-Identifier: MIT
#include "recscope/core/sae.h"
#include "util/config_json.h"

namespace recscope::core {

void SaeConfig::validate() const
{
    auto check = [](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(std::string("sae.") + field, what);
    };
    check(scale >= 1 && scale <= 256,
          "scale",
          "must be 1 to 256 (dictionary size = scale × hidden size)");
    check(k >= 1 && k <= 4096, "k", "must be 1 to 4096");
    check(auxK >= 0, "aux_k", "must be 0 (hidden size / 2) or more");
    check(auxCoefficient >= 0, "aux_coefficient", "must be 0 or more");
    check(epochs >= 1 && epochs <= 100000, "epochs", "must be 1 to 100000");
    check(batchSize >= 1 && batchSize <= 1 << 20, "batch_size", "must be 1 to 1048576");
    check(learningRate > 0 && learningRate < 1, "lr", "must be in (0, 1)");
    check(patience >= 0, "patience", "must be 0 (off) or more");
    check(prefixesPerUser >= 1 && prefixesPerUser <= 10000,
          "prefixes_per_user",
          "must be 1 to 10000");
    check(describeExamples >= 1, "describe_examples", "must be at least 1");
    check(verifyExamples >= 1, "verify_examples", "must be at least 1");
    check(randomExamples >= 1, "random_examples", "must be at least 1");
    check(confidentAt > 0 && confidentAt <= 1, "confident_at", "must be in (0, 1]");
}

const ConfigFields<SaeConfig> &SaeConfig::fields()
{
    using C = SaeConfig;
    static const ConfigFields<C> list{
        {"scale", &C::scale, "dictionary size = scale x the model's hidden size"},
        {"k", &C::k, "latents kept per hidden state (TopK)"},
        {"aux_k", &C::auxK, "latents of the AuxK loss, 0 = hidden size / 2"},
        {"aux_coefficient", &C::auxCoefficient, "weight of the AuxK loss"},
        {"epochs", &C::epochs, "training epochs"},
        {"batch_size", &C::batchSize, "hidden states per step", "batch"},
        {"lr", &C::learningRate, "Adam's learning rate"},
        {"patience", &C::patience, "epochs without a better validation metric, 0 = off"},
        {"prefixes_per_user",
         &C::prefixesPerUser,
         "sequences probed per user: the whole history and random prefixes",
         "prefixes"},
        {"describe_examples",
         &C::describeExamples,
         "top-activating sequences a concept is read from"},
        {"verify_examples",
         &C::verifyExamples,
         "held-out top-activating sequences a concept is checked on"},
        {"random_examples", &C::randomExamples, "sequences where the latent is off, checked too"},
        {"confident_at", &C::confidentAt, "confidence at which a concept counts as interpretable"},
        {"seed", &C::seed, "random seed"},
    };
    return list;
}

std::string SaeConfig::toJson() const
{
    return detail::configToJson(*this, fields());
}

SaeConfig SaeConfig::fromJson(const std::string &json)
{
    const nlohmann::json j = detail::parseObject(json, "sae");
    detail::JsonReader r(j, "sae");
    SaeConfig c;
    detail::readConfigFields(r, c, fields());
    // The probe's stored params also name the probed run; it is not a setting.
    if (r.has("probe_run"))
        r.integer("probe_run", 0);
    r.rejectUnknown();
    c.validate();
    return c;
}

} // namespace recscope::core
