// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/params.h"

#include <memory>
#include <string>
#include <vector>

namespace recscope::sdk {
class ModelFactory;
class CtrModelFactory;
} // namespace recscope::sdk

namespace recscope::core {

/// A registered model type as the GUI and CLI see it (no tensors).
struct RS_CORE_EXPORT ModelInfo
{
    std::string id;          ///< stable key used in specs, e.g. "bpr"
    std::string displayName; ///< e.g. "BPR-MF"
    std::string description;
    bool sequential = false; ///< reads the user's ordered history
    bool trainable = true;   ///< has an epoch loop
    ParamSchema params;      ///< model group + training group
    std::string task = "ranking"; ///< "ranking" (scores every item) or "ctr" (click probability of one target); set by the registry
};

/// Model types by id. Owned by the host (no global registry); built-ins are added by
/// registerBuiltinModels, plugins add their own.
class RS_CORE_EXPORT ModelRegistry
{
public:
    ModelRegistry();
    ~ModelRegistry();
    ModelRegistry(const ModelRegistry &) = delete;
    ModelRegistry &operator=(const ModelRegistry &) = delete;

    void add(std::unique_ptr<sdk::ModelFactory> factory); // throws ConfigError on a duplicate id
    void add(std::unique_ptr<sdk::CtrModelFactory> factory);
    std::vector<ModelInfo> models() const;
    const ModelInfo *info(const std::string &id) const;
    const sdk::ModelFactory *factory(const std::string &id) const;       ///< ranking models
    const sdk::CtrModelFactory *ctrFactory(const std::string &id) const; ///< CTR models

private:
    void addInfo(ModelInfo info);
    std::vector<std::unique_ptr<sdk::ModelFactory>> m_factories;
    std::vector<std::unique_ptr<sdk::CtrModelFactory>> m_ctrFactories;
    std::vector<ModelInfo> m_infos;
};

RS_CORE_EXPORT void registerBuiltinModels(ModelRegistry &registry);

} // namespace recscope::core
