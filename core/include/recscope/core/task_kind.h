// SPDX-License-Identifier: MIT
#pragma once
// What a run learns to do, as a value: specs name it by key ("task": "ctr"), models declare it
// (ModelInfo::task), and the registry holds what each one does (task.h).

#include "recscope/core/export.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::core {

enum class TaskKind {
    Ranking, ///< top-K over all items (models score every item)
    Ctr,     ///< click prediction of one target item over long behaviour sequences
};

/// The spec key: "ranking", "ctr".
RS_CORE_EXPORT const char *taskKey(TaskKind task);
/// The task a spec key names; nullopt for anything else.
RS_CORE_EXPORT std::optional<TaskKind> parseTaskKey(std::string_view key);
/// Every task, in the order the workbench lists them.
RS_CORE_EXPORT std::vector<TaskKind> allTasks();
/// The keys for a message: "ranking" or "ctr".
RS_CORE_EXPORT std::string taskKeyList();

} // namespace recscope::core
