// SPDX-License-Identifier: MIT
#include "inspector_loader.h"

#include <recscope/core/inspector.h>
#include <recscope/core/sae.h>
#include <recscope/core/store.h>

#include <QtConcurrent/QtConcurrentRun>

namespace recscope::app {

void InspectorLoader::open(const std::filesystem::path &database, qint64 runId)
{
    if (m_watcher) {
        m_watcher->disconnect(this);
        connect(m_watcher, &QFutureWatcherBase::finished, m_watcher, &QObject::deleteLater);
    }
    m_watcher = new QFutureWatcher<OpenedInspector>(this);
    auto *watcher = m_watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const OpenedInspector result = watcher->result();
        watcher->deleteLater();
        if (m_watcher == watcher)
            m_watcher = nullptr;
        Q_EMIT opened(result);
    });
    const core::Registry &registry = m_registry;
    watcher->setFuture(QtConcurrent::run([&registry, kind = m_kind, database, runId] {
        OpenedInspector out;
        out.runId = runId;
        try {
            const core::ProjectStore store(database); // one connection per thread
            if (kind == Kind::Concepts)
                out.lab = std::make_shared<const core::SaeLab>(registry, store, runId);
            else
                out.inspector = std::make_shared<const core::RunInspector>(registry, store, runId);
        } catch (const std::exception &e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
}

} // namespace recscope::app
