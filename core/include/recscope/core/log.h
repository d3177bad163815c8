// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <functional>
#include <string_view>

namespace recscope::core {

enum class LogLevel {
    Debug,
    Info,
    Warning,
    Error
};

using LogSink = std::function<void(LogLevel, std::string_view)>;

/// Where core's log lines go; the GUI sends them to a dock, the CLI to stderr. Empty = discard.
RS_CORE_EXPORT void setLogSink(LogSink sink);
RS_CORE_EXPORT void log(LogLevel level, std::string_view message);

} // namespace recscope::core
