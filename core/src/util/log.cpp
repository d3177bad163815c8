// SPDX-License-Identifier: MIT
#include "recscope/core/log.h"

#include <mutex>

namespace recscope::core {

namespace {
// The one process-wide hook, set by the host before work starts (like ggml_log_set).
std::mutex &sinkMutex()
{
    static std::mutex m;
    return m;
}
LogSink &sinkSlot()
{
    static LogSink sink;
    return sink;
}
} // namespace

void setLogSink(LogSink sink)
{
    std::lock_guard lock(sinkMutex());
    sinkSlot() = std::move(sink);
}

void log(LogLevel level, std::string_view message)
{
    std::lock_guard lock(sinkMutex());
    if (sinkSlot())
        sinkSlot()(level, message);
}

} // namespace recscope::core
