// SPDX-License-Identifier: MIT
#include "analysis_task.h"

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QMetaObject>
#include <QtCore/QPointer>

namespace recscope::app {

AnalysisTask::AnalysisTask(QObject *parent)
    : QObject(parent)
{}

AnalysisTask::~AnalysisTask()
{
    m_stop.request_stop();
    m_future.waitForFinished();
}

bool AnalysisTask::start(Work work)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_stop = std::stop_source();
    QPointer<AnalysisTask> self(this);
    m_future = QtConcurrent::run([self, work = std::move(work), stop = m_stop.get_token()] {
        TaskOutcome outcome;
        try {
            work(stop, [self](double f, const std::string &what) {
                QMetaObject::invokeMethod(
                    self,
                    [self, f, text = QString::fromStdString(what)] {
                        if (self)
                            Q_EMIT self->progress(f, text);
                    },
                    Qt::QueuedConnection);
            });
        } catch (const std::exception &e) { // no exception crosses the thread (STYLE §6.7)
            outcome = stop.stop_requested()
                          ? TaskOutcome{core::RunStatus::Cancelled, {}}
                          : TaskOutcome{core::RunStatus::Failed, QString::fromUtf8(e.what())};
        }
        QMetaObject::invokeMethod(
            self,
            [self, outcome] {
                if (!self)
                    return;
                self->m_busy = false;
                Q_EMIT self->finished(outcome);
            },
            Qt::QueuedConnection);
    });
    return true;
}

void AnalysisTask::cancel()
{
    m_stop.request_stop();
}

} // namespace recscope::app
