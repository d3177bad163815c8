// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/attack.h"
#include "recscope/core/audit_config.h"
#include "recscope/core/ctr_config.h"
#include "recscope/core/evaluation.h"
#include "recscope/core/loaders.h"
#include "recscope/core/params.h"
#include "recscope/core/prepare.h"
#include "recscope/core/split.h"
#include "recscope/core/sweep.h"
#include "recscope/core/task_kind.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;

struct RS_CORE_EXPORT ModelEntry
{
    std::string id;    ///< registry id
    std::string label; ///< display label in results (defaults to the model's name)
    ParamSet params;   ///< resolved: defaults filled in, validated
    std::vector<ParamRange>
        sweep; ///< swept parameters (spec key "sweep" of the entry); empty = not swept
};

/// An experiment spec: a JSON file (samples in projects/) that the GUI edits and the CLI runs.
struct RS_CORE_EXPORT ExperimentSpec
{
    std::string name;
    DatasetSource dataset;
    PrepareOptions prepare;
    SplitConfig split;
    EvalConfig eval;
    TaskKind task = TaskKind::Ranking;
    CtrConfig ctr;
    std::string validMetric
        = "NDCG@10"; ///< early stopping and best-epoch choice (AUC or GAUC for ctr)
    std::vector<ModelEntry> models;
    std::string device = "auto"; ///< auto | cpu | cuda | cuda:N
    std::optional<AuditConfig>
        audits; ///< audit every ranking run after its test (spec key "audits")
    /// Poison the training data with fake users and measure target items (spec key "attack").
    std::optional<AttackConfig> attack;
    std::uint64_t seed = 2024;
    /// "repeat": {"seeds": [...]}: every model (every sweep trial) runs once per seed, on the same
    /// data and split; empty = once, with `seed`.
    std::vector<std::uint64_t> repeatSeeds;
    /// How the entries with "sweep" ranges are searched (spec key "sweep"); set whenever one is.
    std::optional<SweepConfig> sweep;
    std::string specJson; ///< the normalised spec (toJson()) as stored with each run

    /// Parses and validates against the registry. Relative dataset paths resolve against
    /// baseDir. Errors name the JSON path, e.g. ConfigError("models[1].params.lr").
    static ExperimentSpec fromJson(const std::string &json,
                                   const Registry &registry,
                                   const std::filesystem::path &baseDir = {});
    static ExperimentSpec fromFile(const std::filesystem::path &file, const Registry &registry);
    /// The seeds each model runs with: repeatSeeds, or {seed}.
    std::vector<std::uint64_t> runSeeds() const;
    /// Every field written out, defaults included; fromJson(toJson(dir), dir) gives the same
    /// spec. Dataset paths under baseDir are written relative to it.
    std::string toJson(const std::filesystem::path &baseDir = {}) const;
};

} // namespace recscope::core
