// SPDX-License-Identifier: MIT
#include "experiment/run_identity.h"

#include "experiment/spec_readers.h"
#include "recscope/core/registry.h"
#include "util/json_reader.h"

#include <algorithm>
#include <cstdio>

namespace recscope::core::detail {

std::string configKey(const ExperimentSpec &spec, const ModelEntry &entry)
{
    auto doc = nlohmann::json::parse(spec.toJson());
    for (const char *key : {"name", "models", "repeat", "sweep", "audits", "device"})
        doc.erase(key);
    if (spec.task != TaskKind::Ctr) // the CTR task draws its samples' negatives with the spec's
                                    // seed: part of the data
        doc.erase("seed");
    doc["model"] = entry.id;
    doc["params"] = paramsToJson(entry.params);
    std::uint64_t h = 0xcbf29ce484222325ull; // FNV-1a 64
    for (unsigned char c : doc.dump()) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

ModelEntry storedEntry(const Registry &registry, const ExperimentSpec &spec, const RunRecord &run)
{
    const auto found
        = std::find_if(spec.models.begin(), spec.models.end(), [&](const ModelEntry &e) {
              return e.label == run.label && e.id == run.model;
          });
    if (found == spec.models.end())
        throw ConfigError("run",
                          "run " + std::to_string(run.id) + " (" + run.label
                              + ") is not in its experiment's stored spec");
    ModelEntry entry = *found;
    const ModelInfo *info = registry.info(run.model);
    if (info && !run.paramsJson.empty()) {
        std::map<std::string, ParamValue> given;
        const nlohmann::json stored = parseObject(run.paramsJson, "run.params");
        for (const auto &[name, v] : stored.items())
            given[name] = paramValue(v, "run.params." + name);
        entry.params = info->params.resolve(given, "run " + std::to_string(run.id) + " params");
    }
    return entry;
}

} // namespace recscope::core::detail
