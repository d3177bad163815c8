// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/dataset.h>
#include <recscope/core/dataset_profile.h>
#include <recscope/core/experiment.h>

#include <QtCore/QFutureWatcher>
#include <QtCore/QObject>

#include <memory>

namespace recscope::app {

/// A dataset as the overview shows it: loaded and prepared as the spec says, with statistics
/// and distributions.
struct LoadedDataset
{
    std::shared_ptr<const core::Dataset> data;
    core::DatasetStats stats;
    core::DatasetProfile profile;
    QString prepareSummary;
    QString error; ///< set instead of data when loading failed (names file, line, field)
};

/// Loads datasets on a worker thread so the GUI stays live; a newer request supersedes an
/// older one (its result is dropped).
class DatasetLoader final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    void load(const core::DatasetSource &source,
              const core::SplitConfig &split,
              const core::PrepareOptions &prepare);
    bool loading() const { return m_watcher && m_watcher->isRunning(); }

Q_SIGNALS:
    void started(const QString &what);
    void loaded(const recscope::app::LoadedDataset &dataset);

private:
    QFutureWatcher<LoadedDataset> *m_watcher = nullptr;
};

} // namespace recscope::app
