// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QFutureWatcher>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <filesystem>
#include <memory>

namespace recscope::core {
class ModelRegistry;
class RunInspector;
} // namespace recscope::core

namespace recscope::app {

struct OpenedInspector
{
    qint64 runId = 0;
    std::shared_ptr<const core::RunInspector> inspector;
    QString error;
};

/// Opens a run for the attention inspector (dataset, split and weights) on a worker thread with
/// its own database connection; a newer request supersedes an older one.
class InspectorLoader final : public QObject
{
    Q_OBJECT

public:
    explicit InspectorLoader(const core::ModelRegistry &registry, QObject *parent = nullptr)
        : QObject(parent)
        , m_registry(registry)
    {}
    void open(const std::filesystem::path &database, qint64 runId);

Q_SIGNALS:
    void opened(const recscope::app::OpenedInspector &result);

private:
    const core::ModelRegistry &m_registry;
    QFutureWatcher<OpenedInspector> *m_watcher = nullptr;
};

} // namespace recscope::app
