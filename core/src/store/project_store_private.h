// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/store.h"
#include "store/sqlite_db.h"

#include <set>

namespace recscope::core {

namespace detail {
std::string hostName();
/// When a process started: "<boot id>:<start tick>" from /proc, empty where that cannot be read.
std::string processStart(std::int64_t pid);
/// Whether the process that recorded (pid, start) on this host still runs: the pid alive and,
/// when a start was recorded, started then (not a later process that reused the pid).
bool processAlive(std::int64_t pid, const std::string &start);
} // namespace detail

struct ProjectStore::Private
{
    std::filesystem::path file;
    detail::SqliteDb db;
    bool readOnly = false;
    int interrupted = 0;
    std::set<std::int64_t> deadRuns;   ///< read-only: runs stored "running" whose process is gone
    std::set<std::int64_t> deadSweeps; ///< read-only: the same for sweeps
};

} // namespace recscope::core
