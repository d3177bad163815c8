// SPDX-License-Identifier: MIT
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"

#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>

namespace recscope::app {

namespace {

constexpr const char *kRunsHelp = R"(usage: recscope-cli runs --db FILE

Lists the runs of a project database: id, label, status, epochs, whether a checkpoint exists (so
'recscope-cli resume' can continue it) and the test NDCG@10 when there is one.
)";

bool hasCheckpoint(const core::ProjectStore &store, std::int64_t runId)
{
    for (const auto &[kind, path] : store.artifacts(runId))
        if (kind == "checkpoint" && std::filesystem::exists(path))
            return true;
    return false;
}

} // namespace

int runsCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kRunsHelp, {"db"}, {}, 0, {"db"}});
    const std::string db = cmd.existingDb();
    const core::ProjectStore store(db, core::ProjectStore::OpenMode::ReadOnly);
    std::printf("%6s  %-24s %-12s %6s  %-10s %10s\n",
                "id",
                "label",
                "status",
                "epochs",
                "checkpoint",
                "NDCG@10");
    for (const auto &r : store.runs()) {
        const auto test = store.finalMetrics(r.id, "test");
        const auto ndcg = test.find("NDCG@10");
        char value[32] = "-";
        if (ndcg != test.end())
            std::snprintf(value, sizeof value, "%.4f", ndcg->second);
        std::string label = r.label; // where a run belongs in a sweep: its trials are never tested
        if (!r.sweepRole.empty())
            label += r.sweepRole == "trial" ? " · trial " + std::to_string(r.sweepTrial + 1)
                                            : std::string(" · selected");
        std::printf("%6lld  %-24s %-12s %6d  %-10s %10s\n",
                    static_cast<long long>(r.id),
                    label.c_str(),
                    core::runStatusName(r.status),
                    r.epochs,
                    hasCheckpoint(store, r.id) ? "yes" : "no",
                    value);
    }
    return 0;
}

} // namespace recscope::app
