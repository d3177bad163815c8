// SPDX-License-Identifier: MIT
#include "console_observer.h"

#include <cstdio>

namespace recscope::app {

ConsoleObserver::ConsoleObserver(bool quiet, std::string watchMetric)
    : m_quiet(quiet)
    , m_watch("valid/" + std::move(watchMetric))
{}

void ConsoleObserver::onEpochBegin(int epoch, int totalEpochs)
{
    m_epoch = epoch;
    m_total = totalEpochs;
}

void ConsoleObserver::onMetric(const core::MetricSample &s)
{
    if (m_quiet)
        return;
    if (s.name == "train/loss") {
        m_loss = s.value;
        std::fprintf(stderr, "  epoch %d/%d  loss %.5f\n", s.step, m_total, s.value);
    } else if (s.name == m_watch) {
        std::fprintf(stderr, "  epoch %d/%d  %s %.5f\n", s.step, m_total, m_watch.c_str(), s.value);
    }
}

void ConsoleObserver::onProgress(double fraction, std::string_view what)
{
    if (m_quiet)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastProgress < std::chrono::seconds(5))
        return;
    m_lastProgress = now;
    std::fprintf(stderr,
                 "  [%5.1f%%] %.*s epoch %d\n",
                 100.0 * fraction,
                 int(what.size()),
                 what.data(),
                 m_epoch);
}

void ConsoleObserver::onLog(core::LogLevel level, std::string_view message)
{
    if (m_quiet && level < core::LogLevel::Warning)
        return;
    const char *tag = level == core::LogLevel::Error     ? "error: "
                      : level == core::LogLevel::Warning ? "warning: "
                                                         : "";
    std::fprintf(stderr, "%s%.*s\n", tag, int(message.size()), message.data());
}

void ConsoleObserver::onSweepProgress(const core::SweepProgress &p)
{
    if (m_quiet)
        return;
    std::fprintf(stderr,
                 "sweep %lld (%s): %d of %d runs",
                 static_cast<long long>(p.sweepId),
                 p.label.c_str(),
                 p.runsDone,
                 p.runsTotal);
    if (p.bestTrial >= 0)
        std::fprintf(stderr, ", best so far trial %d at %.5f", p.bestTrial + 1, p.bestValue);
    std::fprintf(stderr, "\n");
}

} // namespace recscope::app
