// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/params.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace recscope::sdk {
class ModelFactory;
class CtrModelFactory;
class DatasetLoader;
class RankingMetric;
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

/// A dataset format added by a plugin; its id is what a spec's "dataset.format" names.
struct RS_CORE_EXPORT DatasetLoaderInfo
{
    std::string id;          ///< e.g. "amazon_reviews"
    std::string displayName; ///< e.g. "Amazon reviews (JSON lines)"
    std::string description;
    std::vector<std::string> extensions; ///< e.g. {".jsonl", ".json"}: "format": "auto" picks the loader by these
};

/// A top-K metric added by a plugin; results are stored as "<name>@K" like the built-in ones.
struct RS_CORE_EXPORT MetricInfo
{
    std::string name; ///< e.g. "F1"
    std::string description;
};

/// The extensions a host knows: model types by id, dataset loaders by format id and ranking
/// metrics by name. Owned by the host (no global registry); registerBuiltinModels adds the
/// built-in models, plugins (recscope/core/plugins.h) add theirs.
class RS_CORE_EXPORT Registry
{
public:
    Registry();
    ~Registry();
    Registry(const Registry &) = delete;
    Registry &operator=(const Registry &) = delete;

    // Each add throws ConfigError when the id is taken (built-in formats and metrics included).
    void add(std::unique_ptr<sdk::ModelFactory> factory);
    void add(std::unique_ptr<sdk::CtrModelFactory> factory);
    void add(std::shared_ptr<const sdk::DatasetLoader> loader);
    void add(std::shared_ptr<const sdk::RankingMetric> metric);
    /// Moves everything `other` holds into this registry, or nothing when any id clashes (a
    /// plugin registers into a scratch registry first, so a refused plugin leaves no half).
    void absorb(Registry &&other);

    std::vector<ModelInfo> models() const;
    const ModelInfo *info(const std::string &id) const;
    const sdk::ModelFactory *factory(const std::string &id) const;       ///< ranking models
    const sdk::CtrModelFactory *ctrFactory(const std::string &id) const; ///< CTR models

    std::vector<DatasetLoaderInfo> datasetLoaders() const;
    std::shared_ptr<const sdk::DatasetLoader> datasetLoader(const std::string &id) const;
    /// The plugin loader a dataset "format" names, or for "auto" the first whose extensions
    /// match the path's; null when the format is a built-in one.
    std::shared_ptr<const sdk::DatasetLoader> loaderFor(const std::string &format, const std::filesystem::path &path) const;
    std::vector<MetricInfo> metrics() const;
    std::shared_ptr<const sdk::RankingMetric> metric(const std::string &name) const;

private:
    void addInfo(ModelInfo info);
    std::vector<std::unique_ptr<sdk::ModelFactory>> m_factories;
    std::vector<std::unique_ptr<sdk::CtrModelFactory>> m_ctrFactories;
    std::vector<ModelInfo> m_infos;
    std::vector<std::shared_ptr<const sdk::DatasetLoader>> m_loaders;
    std::vector<std::shared_ptr<const sdk::RankingMetric>> m_metrics;
};

RS_CORE_EXPORT void registerBuiltinModels(Registry &registry);

} // namespace recscope::core
