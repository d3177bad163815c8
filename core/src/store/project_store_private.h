// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/store.h"
#include "store/sqlite_db.h"

namespace recscope::core {

struct ProjectStore::Private
{
    std::filesystem::path file;
    detail::SqliteDb db;
    int interrupted = 0;
};

} // namespace recscope::core
