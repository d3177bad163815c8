// SPDX-License-Identifier: MIT
#include "recscope/core/task_kind.h"

namespace recscope::core {

const char *taskKey(TaskKind task)
{
    switch (task) {
    case TaskKind::Ranking:
        return "ranking";
    case TaskKind::Ctr:
        return "ctr";
    }
    return "ranking";
}

std::optional<TaskKind> parseTaskKey(std::string_view key)
{
    for (TaskKind task : allTasks())
        if (key == taskKey(task))
            return task;
    return std::nullopt;
}

std::vector<TaskKind> allTasks()
{
    return {TaskKind::Ranking, TaskKind::Ctr};
}

std::string taskKeyList()
{
    const auto tasks = allTasks();
    std::string out;
    for (std::size_t k = 0; k < tasks.size(); ++k)
        out += (k == 0                  ? ""
                : k + 1 == tasks.size() ? " or "
                                        : ", ")
               + ("\"" + std::string(taskKey(tasks[k])) + "\"");
    return out;
}

} // namespace recscope::core
