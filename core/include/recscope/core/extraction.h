// SPDX-License-Identifier: MIT
#pragma once
// Few-shot model extraction against a sequential recommender (Zhang & Liu, arXiv 2411.11677),
// on the data-free extraction framework of Yue et al. (RecSys'21, RecSys-Extraction-Attack):
// the victim is a black box that returns a top-K list for a sequence; the attacker holds a small
// share of real user sequences, synthesises more by querying the victim autoregressively, and
// distils a surrogate with ranking losses plus the bidirectional repair loss. Agreement between
// victim and surrogate lists is measured against the query budget. Research notes:
// ../shared/research/algorithms-audit.md §4 (the few-shot components are an interpretation: the
// paper's equations were not available; see extraction/synthesis.h).

#include "recscope/core/feedback_loop.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace recscope::core {

struct RS_CORE_EXPORT ExtractionConfig
{
    double fewShotShare = 0.1; ///< share of users whose real sequences the attacker holds (≤ 10%)
    std::vector<std::int64_t> budgets{2000,
                                      5000,
                                      10000,
                                      20000}; ///< victim queries (one per prefix)
    std::vector<std::string> variants{"few-shot", "augmented", "augmented+repair"};
    int listLength = 100; ///< top-K the victim returns (Yue et al.: 100; at most the catalogue − 1)
    int sequenceLength = 0; ///< synthetic sequence length; 0 = the mean few-shot length (≤ maxLen)
    int hidden = 64, layers = 2, heads = 2, maxLen = 50; ///< the surrogate SASRec (Yue et al.'s)
    double dropout = 0.1;
    int epochs = 100; ///< Yue et al.: 100
    int batchSize = 64;
    double learningRate = 1e-3;
    double margin = 0.5;       ///< of both ranking losses (Yue et al.)
    double repairWeight = 1.0; ///< weight of the bidirectional repair loss
    int repairK = 10;          ///< the list length the repair loss aligns
    int evalUsers = 1000;      ///< held-out users the agreement is measured on
    std::uint64_t seed = 7;

    void validate(const std::string &path = "extraction") const; ///< ConfigError naming the field
    std::string toJson() const;
    static ExtractionConfig fromJson(const std::string &json,
                                     const std::string &path = "extraction");
    /// Every field's key, meaning and CLI spelling; toJson, fromJson and the CLI derive from it.
    static const ConfigFields<ExtractionConfig> &fields();
};

/// One surrogate: how it was built and how well it agrees with the victim.
struct RS_CORE_EXPORT ExtractionPoint
{
    std::string variant;        ///< few-shot, augmented or augmented+repair
    std::int64_t budget = 0;    ///< queries allowed
    std::int64_t queries = 0;   ///< queries used (few-shot alone runs out of real prefixes)
    std::int64_t sequences = 0; ///< distillation sequences (real + synthetic)
    double gate = 0;            ///< synthesis: share of steps drawn from the victim's list
    std::map<int, double>
        agreement;   ///< Agreement@K = |top-K victim ∩ top-K surrogate| / K, K = 1, 5, 10, 20
    double ndcg = 0; ///< the surrogate's own NDCG@10 on the held-out users' test items
    double seconds = 0;
};

struct RS_CORE_EXPORT ExtractionReport
{
    std::int64_t runId = 0;
    std::string label;
    ExtractionConfig config;
    std::int64_t items = 0; ///< catalogue size: random top-K lists agree at K / items
    std::int64_t fewShotUsers = 0, evalUsers = 0;
    double victimNdcg = 0; ///< the victim's NDCG@10 on the same held-out users
    std::vector<ExtractionPoint> points;

    std::string toJson() const;
    static ExtractionReport fromJson(const std::string &json);
};

/// Extracts a finished sequential ranking run (saved weights needed) once per budget and
/// variant, and stores the report with the run. Throws ConfigError naming the run or field; a
/// stop request throws Cancelled and stores nothing.
RS_CORE_EXPORT ExtractionReport runExtraction(const Registry &registry,
                                              ProjectStore &store,
                                              std::int64_t runId,
                                              const ExtractionConfig &config,
                                              std::stop_token stop = {},
                                              const AnalysisProgress &progress = {});

} // namespace recscope::core
