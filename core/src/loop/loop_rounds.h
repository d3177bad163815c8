// SPDX-License-Identifier: MIT
#pragma once
// The rounds of the source feedback loop (Rec_SourceBias src/train_loop.py), split so the
// metrics and the click model can be checked on hand-made scores.

#include "loop/loop_data.h"
#include "loop/loop_net.h"

#include <recscope/core/feedback_loop.h>

#include <stop_token>

namespace recscope::core::detail {

/// NDCG@k of column 0's twin in the doubled list [human twins ; AI twins] of each impression,
/// with only the human twin (aiTarget false) or only the AI twin relevant, averaged over rows.
/// Ranks count strictly higher scores, so ties favour the relevant copy.
RS_CORE_TEST_EXPORT double
doubledNdcg(const torch::Tensor &human, const torch::Tensor &ai, bool aiTarget, int k);

/// NDCG@k of column 0 when each candidate appears once, as its AI twin where aiShown is true.
RS_CORE_TEST_EXPORT double
mixedNdcg(const torch::Tensor &human, const torch::Tensor &ai, const torch::Tensor &aiShown, int k);

/// Rel% of the source-bias papers: 200 (human − ai) / (human + ai); 0 when both are 0.
RS_CORE_TEST_EXPORT double relativeBias(double human, double ai);

/// Which twin each simulated user clicks, given the scores [N, S] of both twins of the shown
/// items (column 0 the item the user consumed): eta < 0 takes the higher-scored twin (ties to
/// the human one); eta ≥ 0 draws the AI twin with probability w_ai / (w_ai + w_human),
/// w = (1 / (rank + 1))^eta and rank the 0-based place in the doubled list. Returns bool [N].
RS_CORE_TEST_EXPORT torch::Tensor simulateClicks(const torch::Tensor &human,
                                                 const torch::Tensor &ai,
                                                 double eta,
                                                 std::mt19937_64 &rng);

/// The phase a round is in by the AI share of its training clicks.
RS_CORE_TEST_EXPORT std::string loopPhase(int round, double clickAigcShare);

/// Runs one arm (plain or debiased) of the loop from the given initial weights.
std::vector<LoopRound> runLoopArm(const SourceTwins &twins,
                                  const Impressions (&halves)[2],
                                  const Impressions &test,
                                  const torch::Tensor &testAiShown,
                                  const std::vector<torch::Tensor> &initial,
                                  const FeedbackLoopConfig &config,
                                  bool debias,
                                  std::stop_token stop,
                                  const std::function<void(int round)> &roundDone);

} // namespace recscope::core::detail
