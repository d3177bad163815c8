// SPDX-License-Identifier: MIT
// Who runs a run: the host, the process id and when that process started, so that a run whose
// process is gone (killed, or its pid since reused) is told apart from one still training.
#include "store/project_store_private.h"

#include <cerrno>
#include <csignal>
#include <fstream>
#include <limits>
#include <sstream>

#include <unistd.h>

namespace recscope::core {

std::string detail::hostName()
{
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

std::string detail::processStart(std::int64_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat"),
        boot("/proc/sys/kernel/random/boot_id");
    std::string line, bootId;
    if (!std::getline(stat, line) || !std::getline(boot, bootId))
        return {};
    // Field 22 (starttime) counts from the field after the command name, which may hold spaces.
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    for (int k = 3; k <= 22 && fields >> field; ++k)
        if (k == 22)
            return bootId + ":" + field;
    return {};
}

bool detail::processAlive(std::int64_t pid, const std::string &start)
{
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    return start.empty() || processStart(pid) == start;
}

} // namespace recscope::core
