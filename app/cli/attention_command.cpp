// SPDX-License-Identifier: MIT
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"

#include <recscope/core/inspector.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kAttentionHelp
    = R"(usage: recscope-cli attention RUN_ID --db FILE [--user ID] [--aggregate]

Prints what a trained run attends to, as CSV on standard output (the workbench's Attention tab
shows the same numbers). The run needs saved weights (trained with --checkpoints or from the
workbench).
  SASRec, HSTU:   layer,head,query,key,query_item,key_item,weight over the user's window
  CTR models:     sample,label,probability,target,position,item,category,weight,score,
                  representation_score,retrieved,relevant,correlation for the user's
                  test samples (correlation: the search check's learned gain)
  --aggregate     CTR models: attention mass by time gap and category match across users
Without --user the first user with a test target is shown.
)";

void printSelfAttention(const core::RunInspector &in, std::int64_t user)
{
    const auto maps = in.selfAttention(user);
    const auto &d = in.dataset();
    std::printf("layer,head,query,key,query_item,key_item,weight\n");
    for (int l = 0; l < maps.layers; ++l)
        for (int h = 0; h < maps.heads; ++h)
            for (int q = 0; q < maps.length(); ++q)
                for (int k = 0; k <= q; ++k)
                    std::printf("%d,%d,%d,%d,%s,%s,%.7g\n",
                                l + 1,
                                h + 1,
                                q + 1,
                                k + 1,
                                d.itemIds[std::size_t(maps.items[std::size_t(q)])].c_str(),
                                d.itemIds[std::size_t(maps.items[std::size_t(k)])].c_str(),
                                double(maps.at(l, h, q, k)));
}

void printTargetAttention(const core::RunInspector &in, std::int64_t user)
{
    const auto &d = in.dataset();
    std::printf("sample,label,probability,target,position,item,category,weight,score,"
                "representation_score,retrieved,relevant,correlation\n");
    int sample = 0;
    for (const auto &s : in.targetAttention(user)) {
        ++sample;
        const int n = int(s.rows.size());
        for (int i = 0; i < n; ++i) {
            const auto item = d.item[std::size_t(s.rows[std::size_t(i)])];
            std::printf("%d,%.0f,%.6f,%s,%d,%s,%s,%.7g,%.7g,%s,%d,%d,%.5g\n",
                        sample,
                        double(s.label),
                        double(s.probability),
                        d.itemIds[std::size_t(s.targetItem)].c_str(),
                        i - n,
                        d.itemIds[std::size_t(item)].c_str(),
                        in.categoryOf(item).c_str(),
                        double(s.weights[std::size_t(i)]),
                        double(s.scores[std::size_t(i)]),
                        s.repScores.empty() ? ""
                                            : std::to_string(s.repScores[std::size_t(i)]).c_str(),
                        int(s.retrieved[std::size_t(i)]),
                        int(s.relevant[std::size_t(i)]),
                        double(s.correlation[std::size_t(i)]));
        }
    }
}

} // namespace

int attentionCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kAttentionHelp, {"db", "user"}, {"aggregate"}, 1, {"db"}});
    const CliOptions &opts = cmd.options();
    const std::string db = cmd.existingDb();
    const std::int64_t runId = cmd.runId();
    core::Registry &registry = cmd.registry();
    const core::ProjectStore store(db, core::ProjectStore::OpenMode::ReadOnly);
    const core::RunInspector in(registry, store, runId);
    if (opts.flag("aggregate")) {
        const auto a = in.aggregate();
        std::printf("gap,attention_same_category,attention_other_category,uniform_same_category,"
                    "uniform_other_category\n");
        for (std::size_t g = 0; g < a.gapLabels.size(); ++g)
            std::printf("%s,%.6f,%.6f,%.6f,%.6f\n",
                        a.gapLabels[g].c_str(),
                        a.massSame[g],
                        a.massOther[g],
                        a.shareSame[g],
                        a.shareOther[g]);
        return 0;
    }
    std::int64_t user = in.users().empty() ? -1 : in.users().front();
    if (auto id = opts.value("user")) {
        user = in.findUser(*id);
        if (user < 0)
            throw std::invalid_argument("--user " + *id + ": no such user in the run's dataset");
    }
    if (in.task() == core::TaskKind::Ctr)
        printTargetAttention(in, user);
    else
        printSelfAttention(in, user);
    return 0;
}

} // namespace recscope::app
