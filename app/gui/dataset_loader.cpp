// SPDX-License-Identifier: MIT
#include "dataset_loader.h"

#include <recscope/core/error.h>
#include <recscope/core/loaders.h>
#include <recscope/core/prepare.h>
#include <recscope/core/split_files.h>

#include <QtConcurrent/QtConcurrentRun>

namespace recscope::app {

namespace {

LoadedDataset loadBlocking(const core::DatasetSource &source,
                           const core::SplitConfig &split,
                           const core::PrepareOptions &prepare)
{
    LoadedDataset out;
    try {
        core::PrepareReport report;
        auto data = std::make_shared<core::Dataset>(
            core::prepareDataset(core::loadExperimentData(source, split), prepare, &report));
        out.stats = core::computeStats(*data);
        out.profile = core::profileDataset(*data);
        out.prepareSummary = QString::fromStdString(report.summary());
        out.data = std::move(data);
    } catch (const std::exception &e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace

void DatasetLoader::load(const core::DatasetSource &source,
                         const core::SplitConfig &split,
                         const core::PrepareOptions &prepare)
{
    if (m_watcher) {
        m_watcher->disconnect(this); // superseded: let it finish, ignore its result
        connect(m_watcher, &QFutureWatcherBase::finished, m_watcher, &QObject::deleteLater);
    }
    m_watcher = new QFutureWatcher<LoadedDataset>(this);
    auto *watcher = m_watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const LoadedDataset result = watcher->result();
        watcher->deleteLater();
        if (m_watcher == watcher)
            m_watcher = nullptr;
        Q_EMIT loaded(result);
    });
    Q_EMIT started(source.format == core::DatasetFormat::Synthetic
                       ? tr("Generating synthetic data…")
                       : tr("Loading %1…").arg(QString::fromStdString(source.path.string())));
    watcher->setFuture(QtConcurrent::run(loadBlocking, source, split, prepare));
}

} // namespace recscope::app
