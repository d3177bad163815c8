// SPDX-License-Identifier: MIT
// recscope-cli loop: the source feedback loop ("Source Echo Chamber") on a run's data.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "config_flags.h"
#include "stored_or_computed.h"

#include <recscope/core/feedback_loop.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kLoopHelp = R"(usage: recscope-cli loop RUN_ID --db FILE [options]

Simulates the user–data–recommender feedback loop of "Source Echo Chamber" (Zhou et al.,
SIGIR'25) on a finished ranking run's dataset and split. Every item has a human-written and an
AI-generated twin (its content vector, and the same plus the dataset's style offset). Round 0
trains a content-based GRU recommender on human-only data; in every later round simulated
users click whichever twin the previous round's model scores higher, and the model is
retrained from the same initial weights on those clicks. Each round prints, and stores with
the run: the AI share of the clicks, NDCG@k of the human and of the AI twin in the doubled
list, source bias Rel% = 200 (human − AI) / (human + AI) (negative favours AI), the share of
test items whose AI twin wins, and NDCG@k on a mixed catalogue. A second arm trains with the
paper's black-box debiasing (rewrite-invariance of item and user scores).

Options (defaults in brackets, from the official code):
)";

constexpr const char *kLoopTail
    = R"(  --stored                 print the run's latest stored loop instead of simulating
  --json                   print the report as JSON
)";

void printArm(const char *title, const std::vector<core::LoopRound> &rounds, int k)
{
    std::printf("%s\n%5s  %-15s %9s %9s %10s %10s %9s %10s %9s\n",
                title,
                "round",
                "phase",
                "hist AI",
                "clicks AI",
                ("NDCG@" + std::to_string(k) + " H").c_str(),
                ("NDCG@" + std::to_string(k) + " AI").c_str(),
                "Rel%",
                "AI wins",
                ("NDCG@" + std::to_string(k)).c_str());
    for (const auto &r : rounds)
        std::printf("%5d  %-15s %8.1f%% %8.1f%% %10.4f %10.4f %+9.1f %9.1f%% %9.4f\n",
                    r.round,
                    r.phase.c_str(),
                    100 * r.historyAigcShare,
                    100 * r.clickAigcShare,
                    r.ndcgHuman,
                    r.ndcgAi,
                    r.relativeBias,
                    100 * r.aiPreferred,
                    r.ndcg);
}

void printReport(const core::FeedbackLoopReport &r)
{
    std::printf("source feedback loop on run %lld (%s): %lld training impressions, %lld test "
                "users, %.1f%% of items AI-generated\n\n",
                static_cast<long long>(r.runId),
                r.label.c_str(),
                static_cast<long long>(r.trainImpressions),
                static_cast<long long>(r.testImpressions),
                100 * r.catalogAigcShare);
    printArm("without debiasing", r.plain, r.config.k);
    if (!r.debiased.empty()) {
        std::printf("\n");
        printArm("with black-box debiasing", r.debiased, r.config.k);
    }
}

} // namespace

int loopCommand(const std::vector<std::string> &args)
{
    return runAnalysisCommand<core::FeedbackLoopConfig, core::FeedbackLoopReport>(
        args,
        {kLoopHelp,
         kLoopTail,
         core::AnalysisKind::FeedbackLoop,
         "feedback loop",
         "loop",
         [](const auto &registry, auto &store, auto runId, const auto &config, auto stop) {
             return core::runFeedbackLoop(
                 registry, store, runId, config, stop, [](double f, const std::string &what) {
                     std::fprintf(stderr, "\r[%3.0f%%] %s   ", 100 * f, what.c_str());
                     if (f >= 1)
                         std::fputc('\n', stderr);
                 });
         },
         printReport});
}

} // namespace recscope::app
