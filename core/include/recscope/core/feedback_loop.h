// SPDX-License-Identifier: MIT
#pragma once
// Source bias in the user–data–recommender feedback loop ("Source Echo Chamber", Zhou et al.,
// SIGIR'25, arXiv 2405.17998; official code Yuqi-Zhou/Rec_SourceBias, src/train_loop.py). A
// content-based sequential recommender is retrained over rounds; between rounds simulated users
// click the twin (human-written or AI-generated version of the same item) the previous round's
// model scores higher, and those clicks are the next round's training data. Each round measures
// source bias on paired twins; a second arm trains with the paper's black-box debiasing.
// Research notes: ../shared/research/algorithms-audit.md §3.

#include "recscope/core/config_fields.h"
#include "recscope/core/export.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;
class ProjectStore;

/// Defaults follow the official code (src/parameters.py) where it has them.
struct RS_CORE_EXPORT FeedbackLoopConfig
{
    int rounds = 10; ///< loop_epochs: round 0 is human-only, then click-fed rounds
    int epochs = 3;  ///< training epochs per round
    int batchSize = 256;
    double learningRate = 1e-3;
    double weightDecay = 1e-5;
    int historyLength = 10;  ///< user_log_length: clicks the user encoder reads
    int hidden = 32;         ///< user and item vector size
    int impressionSize = 5;  ///< items shown per training impression (the clicked one + others)
    int testCandidates = 20; ///< candidates per test impression (the test item + others)
    int impressionsPerRound
        = 20000;     ///< training impressions sampled per round; 0 = all of the half
    double eta = -1; ///< -1: click the higher-scored twin; ≥ 0: P ∝ (1/(rank+1))^eta
    double startAigcShare
        = -1;                  ///< AI share of simulated histories in round 1; -1 = the catalogue's
    bool debias = true;        ///< also run the debiased arm
    double newsLoss = 1.0;     ///< λ_n (news_loss)
    double userLoss = 0.01;    ///< λ_u (user_loss)
    double disturbRatio = 0.5; ///< history items rewritten for the user-invariance term
    int k = 5;                 ///< cut-off of the source-bias NDCG (the code reports 1, 3, 5)
    std::uint64_t seed = 2023;

    void validate(const std::string &path = "loop") const; ///< ConfigError naming the field
    std::string toJson() const;
    static FeedbackLoopConfig fromJson(const std::string &json, const std::string &path = "loop");
    /// Every field's key, meaning and CLI spelling; toJson, fromJson and the CLI derive from it.
    static const ConfigFields<FeedbackLoopConfig> &fields();
};

/// One round of one arm, measured on the test impressions after that round's training.
struct RS_CORE_EXPORT LoopRound
{
    int round = 0;
    std::string phase; ///< HGC-dominate (round 0), HGC-coexist, AIGC-dominance (clicks > 50% AI)
    double historyAigcShare
        = 0;                   ///< last_ratio: AI share of the histories clicks were simulated with
    double clickAigcShare = 0; ///< new_ratio: share of the round's training clicks on AI twins
    double ndcgHuman = 0,
           ndcgAi = 0;       ///< NDCG@k on the doubled list, the human or the AI twin relevant
    double relativeBias = 0; ///< Rel% = 200 (human − AI) / (human + AI); negative favours AI
    double aiPreferred = 0;  ///< "LLM ratio": test items whose AI twin outscores the human one
    double ndcg
        = 0; ///< NDCG@k on a mixed catalogue (each candidate once, AI at the catalogue share)
    double trainLoss = 0;
};

struct RS_CORE_EXPORT FeedbackLoopReport
{
    std::int64_t runId = 0; ///< the run whose dataset and split the loop used
    std::string label;
    FeedbackLoopConfig config;
    double catalogAigcShare = 0; ///< share of the dataset's items that are AI-generated
    std::int64_t trainImpressions = 0, testImpressions = 0;
    std::vector<LoopRound> plain, debiased;

    std::string toJson() const;
    static FeedbackLoopReport fromJson(const std::string &json);
};

/// Progress of a long analysis: fraction done in [0, 1] and what it is doing.
using AnalysisProgress = std::function<void(double fraction, const std::string &what)>;

/// Simulates the loop on a finished run's dataset and split (items need content vectors and a
/// "source" label, as the synthetic generator makes) and stores the report with the run.
/// Throws ConfigError naming the run or field; a stop request throws Cancelled and stores
/// nothing.
RS_CORE_EXPORT FeedbackLoopReport runFeedbackLoop(const Registry &registry,
                                                  ProjectStore &store,
                                                  std::int64_t runId,
                                                  const FeedbackLoopConfig &config,
                                                  std::stop_token stop = {},
                                                  const AnalysisProgress &progress = {});

} // namespace recscope::core
