// SPDX-License-Identifier: MIT
#include "background_task.h"

#include <recscope/core/compute.h>
#include <recscope/core/error.h>

#include <QtCore/QMetaObject>
#include <QtCore/QPointer>
#include <QtCore/QThread>

#include <algorithm>

namespace recscope::views {

BackgroundTask::BackgroundTask(QObject *parent)
    : QObject(parent)
{}

BackgroundTask::~BackgroundTask()
{
    m_stop.request_stop();
    wait();
    delete m_thread;
}

bool BackgroundTask::start(Work work)
{
    if (m_thread)
        return false;
    m_stop = std::stop_source();
    QPointer<BackgroundTask> self(this);
    auto post = [self](auto &&deliver) {
        QMetaObject::invokeMethod(
            self,
            [self, deliver = std::move(deliver)] {
                if (self)
                    deliver(*self);
            },
            Qt::QueuedConnection);
    };
    m_thread = QThread::create([post, work = std::move(work), stop = m_stop.get_token()] {
        // Leave one core to the event loop (STYLE §6.3); thread counts are per thread in LibTorch.
        core::setComputeThreads(std::max(1, QThread::idealThreadCount() - 1));
        TaskOutcome outcome;
        try {
            outcome = work(stop, [&post](double f, const std::string &what) {
                post([f, text = QString::fromStdString(what)](BackgroundTask &t) {
                    Q_EMIT t.progress(f, text);
                });
            });
        } catch (const Cancelled &) { // the stop token was honoured: nothing was stored
            outcome = TaskOutcome{core::RunStatus::Cancelled, {}};
        } catch (const std::exception &e) { // no exception crosses the thread (STYLE §6.7)
            outcome = stop.stop_requested()
                          ? TaskOutcome{core::RunStatus::Cancelled, {}}
                          : TaskOutcome{core::RunStatus::Failed, QString::fromUtf8(e.what())};
        }
        post([outcome](BackgroundTask &t) {
            if (t.m_thread) {
                t.m_thread->wait();
                t.m_thread->deleteLater();
                t.m_thread = nullptr;
            }
            Q_EMIT t.finished(outcome);
        });
    });
    m_thread->setObjectName(QStringLiteral("recscope-task"));
    m_thread->start(QThread::LowPriority);
    return true;
}

void BackgroundTask::cancel()
{
    m_stop.request_stop();
}

void BackgroundTask::wait()
{
    if (m_thread)
        m_thread->wait();
}

} // namespace recscope::views
