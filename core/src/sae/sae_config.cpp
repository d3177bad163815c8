// SPDX-License-Identifier: MIT
#include "recscope/core/sae.h"
#include "util/json_reader.h"

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

std::string SaeConfig::toJson() const
{
    nlohmann::json j{{"scale", scale},
                     {"k", k},
                     {"aux_k", auxK},
                     {"aux_coefficient", auxCoefficient},
                     {"epochs", epochs},
                     {"batch_size", batchSize},
                     {"lr", learningRate},
                     {"patience", patience},
                     {"prefixes_per_user", prefixesPerUser},
                     {"describe_examples", describeExamples},
                     {"verify_examples", verifyExamples},
                     {"random_examples", randomExamples},
                     {"confident_at", confidentAt},
                     {"seed", seed}};
    return j.dump();
}

SaeConfig SaeConfig::fromJson(const std::string &json)
{
    const nlohmann::json j = detail::parseObject(json, "sae");
    detail::JsonReader r(j, "sae");
    SaeConfig c;
    c.scale = r.integerAs<int>("scale", c.scale);
    c.k = r.integerAs<int>("k", c.k);
    c.auxK = r.integerAs<int>("aux_k", c.auxK);
    c.auxCoefficient = r.num("aux_coefficient", c.auxCoefficient);
    c.epochs = r.integerAs<int>("epochs", c.epochs);
    c.batchSize = r.integerAs<int>("batch_size", c.batchSize);
    c.learningRate = r.num("lr", c.learningRate);
    c.patience = r.integerAs<int>("patience", c.patience);
    c.prefixesPerUser = r.integerAs<int>("prefixes_per_user", c.prefixesPerUser);
    c.describeExamples = r.integerAs<int>("describe_examples", c.describeExamples);
    c.verifyExamples = r.integerAs<int>("verify_examples", c.verifyExamples);
    c.randomExamples = r.integerAs<int>("random_examples", c.randomExamples);
    c.confidentAt = r.num("confident_at", c.confidentAt);
    c.seed = r.seed("seed", c.seed);
    // The probe's stored params also name the probed run; it is not a setting.
    if (r.has("probe_run"))
        r.integer("probe_run", 0);
    r.rejectUnknown();
    c.validate();
    return c;
}

} // namespace recscope::core
