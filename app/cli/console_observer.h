// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_observer.h>

#include <chrono>
#include <string>

namespace recscope::app {

/// Prints a run's events to stderr: epoch lines with loss and the validation metric, a
/// progress line at most every few seconds, log messages. The GUI consumes the same events.
class ConsoleObserver final : public core::RunObserver
{
public:
    explicit ConsoleObserver(bool quiet, std::string watchMetric);
    void onEpochBegin(int epoch, int totalEpochs) override;
    void onMetric(const core::MetricSample &sample) override;
    void onProgress(double fraction, std::string_view what) override;
    void onLog(core::LogLevel level, std::string_view message) override;
    void onSweepProgress(const core::SweepProgress &progress) override;

private:
    bool m_quiet;
    std::string m_watch;
    int m_epoch = 0, m_total = 0;
    double m_loss = 0;
    std::chrono::steady_clock::time_point m_lastProgress{};
};

} // namespace recscope::app
