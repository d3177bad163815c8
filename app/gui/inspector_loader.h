// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QFutureWatcher>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <filesystem>
#include <memory>

namespace recscope::core {
class Registry;
class RunInspector;
class SaeLab;
} // namespace recscope::core

namespace recscope::app {

struct OpenedInspector
{
    qint64 runId = 0;
    std::shared_ptr<const core::RunInspector> inspector; ///< kind Attention
    std::shared_ptr<const core::SaeLab> lab;             ///< kind Concepts
    QString error;
};

/// Opens a run for an inspector — the attention inspector (dataset, split and weights) or the
/// concept browser (a RecSAE probe with its model) — on a worker thread with its own database
/// connection; a newer request supersedes an older one. One loader per view.
class InspectorLoader final : public QObject
{
    Q_OBJECT

public:
    enum class Kind {
        Attention,
        Concepts
    };
    InspectorLoader(const core::Registry &registry, Kind kind, QObject *parent = nullptr)
        : QObject(parent)
        , m_registry(registry)
        , m_kind(kind)
    {}
    void open(const std::filesystem::path &database, qint64 runId);

Q_SIGNALS:
    void opened(const recscope::app::OpenedInspector &result);

private:
    const core::Registry &m_registry;
    Kind m_kind;
    QFutureWatcher<OpenedInspector> *m_watcher = nullptr;
};

} // namespace recscope::app
