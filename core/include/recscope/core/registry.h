// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/extension_info.h"

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

class Task;

/// The extensions a host knows: tasks by kind, model types by id, dataset loaders by format id
/// and ranking metrics by name. Owned by the host (no global registry); registerBuiltins
/// (builtins.h) adds the built-in tasks and models, plugins (recscope/core/plugins.h) add theirs.
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
    void add(std::unique_ptr<Task> task);
    /// Moves everything `other` holds into this registry, or nothing when any id clashes (a
    /// plugin registers into a scratch registry first, so a refused plugin leaves no half).
    void absorb(Registry &&other);

    /// What runs of a task do; ConfigError("task") when none is registered for it.
    const Task &task(TaskKind kind) const;
    /// Whether id is a known model whose task ranks the whole catalogue (Task::ranksCatalogue):
    /// its runs can be audited, probed and extracted.
    bool ranksCatalogue(const std::string &id) const;

    std::vector<ModelInfo> models() const;
    const ModelInfo *info(const std::string &id) const;
    const sdk::ModelFactory *factory(const std::string &id) const;       ///< ranking models
    const sdk::CtrModelFactory *ctrFactory(const std::string &id) const; ///< CTR models

    std::vector<DatasetLoaderInfo> datasetLoaders() const;
    std::shared_ptr<const sdk::DatasetLoader> datasetLoader(const std::string &id) const;
    /// The plugin loader a dataset "format" names, or for "auto" the first whose extensions
    /// match the path's; null when the format is a built-in one.
    std::shared_ptr<const sdk::DatasetLoader> loaderFor(const std::string &format,
                                                        const std::filesystem::path &path) const;
    std::vector<MetricInfo> metrics() const;
    std::shared_ptr<const sdk::RankingMetric> metric(const std::string &name) const;

private:
    void addInfo(ModelInfo info);
    std::vector<std::unique_ptr<sdk::ModelFactory>> m_factories;
    std::vector<std::unique_ptr<sdk::CtrModelFactory>> m_ctrFactories;
    std::vector<ModelInfo> m_infos;
    std::vector<std::shared_ptr<const sdk::DatasetLoader>> m_loaders;
    std::vector<std::shared_ptr<const sdk::RankingMetric>> m_metrics;
    std::vector<std::unique_ptr<Task>> m_tasks;
};

} // namespace recscope::core
