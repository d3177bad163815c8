// SPDX-License-Identifier: MIT
// What the workbench's GUI tests share: the sample spec, a watch on the GUI thread's event loop,
// and screenshots on request (RECSCOPE_SCREENSHOT_DIR).
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

#include <algorithm>
#include <ctime>

namespace workbench_test {

inline const char *kSpec = R"({
  "name": "gui-test",
  "dataset": {"format": "synthetic", "synthetic": {"users": 400, "items": 300, "mean_length": 30, "seed": 3}},
  "eval": {"metrics": ["NDCG", "Hit"], "ks": [10]},
  "device": "cpu",
  "models": [{"id": "pop"},
             {"id": "bpr", "params": {"epochs": 4, "batch_size": 256, "learning_rate": 0.01}},
             {"id": "sasrec", "params": {"epochs": 3, "batch_size": 64, "hidden_size": 32}}]
})";

/// The longest stretch the GUI thread went without returning to its event loop, in wall time and
/// in the thread's own CPU time. The CPU time is the work the window does in one turn and is
/// bounded tightly; the wall time also counts other processes on a shared machine (ctest -j2 on
/// two cores doubled it) and is bounded loosely, to catch a GUI thread that waits (a lock, a
/// worker) without working. tests/bench/bench_open_project.sh measures the figures themselves.
class EventLoopWatch
{
public:
    static constexpr double kCpuMs = 150, kWallMs = 1000;

    explicit EventLoopWatch(int intervalMs)
    {
        m_tick.setInterval(intervalMs);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const double cpu = threadCpuMs();
            m_worstWallMs = std::max(m_worstWallMs, m_sinceTick.restart());
            m_worstCpuMs = std::max(m_worstCpuMs, cpu - m_lastCpuMs);
            m_lastCpuMs = cpu;
        });
        m_sinceTick.start();
        m_lastCpuMs = threadCpuMs();
        m_tick.start();
    }
    void stop() { m_tick.stop(); }
    /// Under AddressSanitizer every instrumented turn takes longer (tests/sanitize/run.sh sets
    /// RECSCOPE_TIMING_SLOWDOWN=3); the bounds scale with it.
    bool responsive() const
    {
        const double slowdown
            = std::max(1.0,
                       qEnvironmentVariable("RECSCOPE_TIMING_SLOWDOWN", QStringLiteral("1"))
                           .toDouble());
        return m_worstCpuMs < kCpuMs * slowdown && m_worstWallMs < kWallMs * slowdown;
    }
    QString describe() const
    {
        return QStringLiteral("%1 ms of GUI-thread CPU (%2 ms wall)")
            .arg(m_worstCpuMs, 0, 'f', 1)
            .arg(m_worstWallMs);
    }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }

    QTimer m_tick;
    QElapsedTimer m_sinceTick;
    double m_lastCpuMs = 0, m_worstCpuMs = 0;
    qint64 m_worstWallMs = 0;
};

inline void screenshot(QWidget *w, const QString &name)
{
    const QByteArray dir = qgetenv("RECSCOPE_SCREENSHOT_DIR");
    QCoreApplication::processEvents(); // widgets added to a shown layout appear on the next loop
                                       // pass
    if (!dir.isEmpty())
        w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name
                       + QStringLiteral(".png"));
}

/// Writes kSpec as gui-test.json into dir (each test class's project); false when it cannot.
inline bool writeSampleSpec(const QTemporaryDir &dir)
{
    QFile f(dir.filePath(QStringLiteral("gui-test.json")));
    return f.open(QIODevice::WriteOnly) && f.write(kSpec) > 0;
}

} // namespace workbench_test
