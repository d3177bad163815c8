// SPDX-License-Identifier: MIT
#include "recscope/core/registry.h"

#include "recscope/core/error.h"
#include "recscope/core/evaluation.h"
#include "recscope/core/loaders.h"
#include "recscope/core/task.h"

#include <recscope/sdk/ctr_model.h>
#include <recscope/sdk/dataset_loader.h>
#include <recscope/sdk/metric.h>
#include <recscope/sdk/model.h>

#include <algorithm>
#include <cctype>

namespace recscope::core {

namespace {

bool isBuiltinFormat(const std::string &id)
{
    try {
        parseFormat(id);
        return true;
    } catch (const ConfigError &) {
        return false;
    }
}

bool isBuiltinMetric(const std::string &name)
{
    const auto &known = rankingMetricNames();
    return std::find(known.begin(), known.end(), name) != known.end() || name == "AUC"
           || name == "GAUC" || name == "LogLoss";
}

void checkName(const std::string &what, const std::string &name)
{
    const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum((unsigned char)c) || c == '_' || c == '-';
    });
    if (!ok)
        throw ConfigError(what, "'" + name + "' is not a valid id (letters, digits, '_' and '-')");
}

} // namespace

Registry::Registry() = default;
Registry::~Registry() = default;

void Registry::addInfo(ModelInfo info)
{
    checkName("models", info.id);
    if (this->info(info.id))
        throw ConfigError("models", "a model with id '" + info.id + "' is already registered");
    m_infos.push_back(std::move(info));
}

void Registry::add(std::unique_ptr<sdk::ModelFactory> factory)
{
    ModelInfo info = factory->info();
    info.task = TaskKind::Ranking;
    addInfo(std::move(info));
    m_factories.push_back(std::move(factory));
}

void Registry::add(std::unique_ptr<sdk::CtrModelFactory> factory)
{
    ModelInfo info = factory->info();
    info.task = TaskKind::Ctr;
    addInfo(std::move(info));
    m_ctrFactories.push_back(std::move(factory));
}

void Registry::add(std::shared_ptr<const sdk::DatasetLoader> loader)
{
    const auto id = loader->info().id;
    checkName("dataset.format", id);
    if (isBuiltinFormat(id) || datasetLoader(id))
        throw ConfigError("dataset.format", "a dataset format '" + id + "' is already registered");
    m_loaders.push_back(std::move(loader));
}

void Registry::add(std::shared_ptr<const sdk::RankingMetric> metric)
{
    const auto name = metric->info().name;
    checkName("eval.metrics", name);
    if (isBuiltinMetric(name) || this->metric(name))
        throw ConfigError("eval.metrics", "a metric named '" + name + "' is already registered");
    m_metrics.push_back(std::move(metric));
}

Task::~Task() = default;

void Registry::add(std::unique_ptr<Task> task)
{
    for (const auto &t : m_tasks)
        if (t->kind() == task->kind())
            throw ConfigError("task",
                              std::string("the ") + taskKey(task->kind())
                                  + " task is already registered");
    m_tasks.push_back(std::move(task));
}

const Task &Registry::task(TaskKind kind) const
{
    for (const auto &t : m_tasks)
        if (t->kind() == kind)
            return *t;
    throw ConfigError("task",
                      std::string("no ") + taskKey(kind)
                          + " task is registered (registerBuiltins adds the built-in ones)");
}

bool Registry::ranksCatalogue(const std::string &id) const
{
    const ModelInfo *i = info(id);
    return i && task(i->task).ranksCatalogue();
}

void Registry::absorb(Registry &&other)
{
    for (const auto &t : other.m_tasks)
        for (const auto &mine : m_tasks)
            if (mine->kind() == t->kind())
                throw ConfigError("task",
                                  std::string("the ") + taskKey(t->kind())
                                      + " task is already registered");
    for (const auto &m : other.m_infos)
        if (info(m.id))
            throw ConfigError("models", "a model with id '" + m.id + "' is already registered");
    for (const auto &l : other.m_loaders)
        if (datasetLoader(l->info().id))
            throw ConfigError("dataset.format",
                              "a dataset format '" + l->info().id + "' is already registered");
    for (const auto &m : other.m_metrics)
        if (metric(m->info().name))
            throw ConfigError("eval.metrics",
                              "a metric named '" + m->info().name + "' is already registered");
    auto moveAll = [](auto &from, auto &to) {
        for (auto &x : from)
            to.push_back(std::move(x));
        from.clear();
    };
    moveAll(other.m_infos, m_infos);
    moveAll(other.m_factories, m_factories);
    moveAll(other.m_ctrFactories, m_ctrFactories);
    moveAll(other.m_loaders, m_loaders);
    moveAll(other.m_metrics, m_metrics);
    moveAll(other.m_tasks, m_tasks);
}

std::vector<ModelInfo> Registry::models() const
{
    return m_infos;
}

const ModelInfo *Registry::info(const std::string &id) const
{
    for (const auto &i : m_infos)
        if (i.id == id)
            return &i;
    return nullptr;
}

const sdk::ModelFactory *Registry::factory(const std::string &id) const
{
    for (const auto &f : m_factories)
        if (f->info().id == id)
            return f.get();
    return nullptr;
}

const sdk::CtrModelFactory *Registry::ctrFactory(const std::string &id) const
{
    for (const auto &f : m_ctrFactories)
        if (f->info().id == id)
            return f.get();
    return nullptr;
}

std::vector<DatasetLoaderInfo> Registry::datasetLoaders() const
{
    std::vector<DatasetLoaderInfo> out;
    for (const auto &l : m_loaders)
        out.push_back(l->info());
    return out;
}

std::shared_ptr<const sdk::DatasetLoader> Registry::datasetLoader(const std::string &id) const
{
    for (const auto &l : m_loaders)
        if (l->info().id == id)
            return l;
    return nullptr;
}

std::shared_ptr<const sdk::DatasetLoader>
Registry::loaderFor(const std::string &format, const std::filesystem::path &path) const
{
    if (format != "auto")
        return datasetLoader(format);
    for (const auto &l : m_loaders)
        for (const auto &ext : l->info().extensions)
            if (path.extension() == ext)
                return l;
    return nullptr;
}

std::vector<MetricInfo> Registry::metrics() const
{
    std::vector<MetricInfo> out;
    for (const auto &m : m_metrics)
        out.push_back(m->info());
    return out;
}

std::shared_ptr<const sdk::RankingMetric> Registry::metric(const std::string &name) const
{
    for (const auto &m : m_metrics)
        if (m->info().name == name)
            return m;
    return nullptr;
}

} // namespace recscope::core
