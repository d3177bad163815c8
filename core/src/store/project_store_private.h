// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/store.h"
#include "store/sqlite_db.h"

namespace recscope::core {

namespace detail {
std::string hostName();
bool processAlive(std::int64_t pid); ///< on this host
} // namespace detail

struct ProjectStore::Private
{
    std::filesystem::path file;
    detail::SqliteDb db;
    int interrupted = 0;
};

} // namespace recscope::core
