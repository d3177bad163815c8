// SPDX-License-Identifier: MIT
// runFeedbackLoop: the Source Echo Chamber simulation on a finished run's data, both arms.
#include "recscope/core/feedback_loop.h"

#include "analysis/loaded_run.h"
#include "loop/loop_rounds.h"
#include "recscope/core/error.h"
#include "recscope/core/store.h"

namespace recscope::core {

using namespace detail;

FeedbackLoopReport runFeedbackLoop(const Registry &registry,
                                   ProjectStore &store,
                                   std::int64_t runId,
                                   const FeedbackLoopConfig &config,
                                   std::stop_token stop,
                                   const AnalysisProgress &progress)
{
    config.validate();
    LoadedRun run;
    run.loadData(registry, store, runId);
    if (run.ctr)
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + " is a CTR run; the feedback loop needs a ranking run's sequences");
    const SourceTwins twins = makeSourceTwins(run.data);
    if (config.testCandidates > twins.numItems || config.impressionSize > twins.numItems)
        throw ConfigError("loop.test_candidates",
                          "impressions cannot show more than the " + std::to_string(twins.numItems)
                              + " items");
    std::mt19937_64 rng(config.seed);
    const Impressions halves[2] = {trainImpressions(run.train.sequences,
                                                    twins.numItems,
                                                    config.historyLength,
                                                    config.impressionSize,
                                                    0,
                                                    rng),
                                   trainImpressions(run.train.sequences,
                                                    twins.numItems,
                                                    config.historyLength,
                                                    config.impressionSize,
                                                    1,
                                                    rng)};
    const Impressions test = testImpressions(run.testHistory,
                                             run.testTargets,
                                             twins.numItems,
                                             config.historyLength,
                                             config.testCandidates,
                                             rng);
    if (halves[0].size() == 0 || halves[1].size() == 0 || test.size() == 0)
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + "'s split leaves no training or test impressions");
    torch::manual_seed(config.seed);
    const auto testAiShown = torch::rand(test.shown.sizes())
                                 .lt(twins.aiShare); // the mixed catalogue, fixed for all rounds
    std::vector<torch::Tensor> initial;
    for (const auto &p : LoopNet(twins.table.size(1), config.hidden)->parameters())
        initial.push_back(p.detach().clone());

    FeedbackLoopReport report;
    report.runId = runId;
    report.label = run.label;
    report.config = config;
    report.catalogAigcShare = twins.aiShare;
    report.trainImpressions = halves[0].size() + halves[1].size();
    report.testImpressions = test.size();
    const int arms = config.debias ? 2 : 1;
    for (int arm = 0; arm < arms; ++arm) {
        const bool debias = arm == 1;
        auto done = [&](int round) {
            if (progress)
                progress(double(arm * config.rounds + round + 1) / double(arms * config.rounds),
                         std::string(debias ? "debiased" : "plain") + " loop: round "
                             + std::to_string(round + 1) + " of " + std::to_string(config.rounds));
        };
        (debias ? report.debiased : report.plain)
            = runLoopArm(twins, halves, test, testAiShown, initial, config, debias, stop, done);
    }
    store.addAudit(runId, config.toJson(), report.toJson(), AnalysisKind::FeedbackLoop);
    return report;
}

} // namespace recscope::core
