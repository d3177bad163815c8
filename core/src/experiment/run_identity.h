// SPDX-License-Identifier: MIT
#pragma once
// What makes two runs "the same configuration" (so their seeds can be pooled), and which model
// entry and parameters a stored run was trained with.

#include <recscope/core/experiment.h>
#include <recscope/core/store.h>

#include <string>

namespace recscope::core {
class Registry;
}

namespace recscope::core::detail {

/// FNV-1a 64 (hex) of the canonical JSON of everything that decides a run's numbers except its
/// seed: dataset, preparation, split, evaluation, task settings, attack, model id and parameters
/// (and for the CTR task the spec's seed, which draws the samples' negatives).
std::string configKey(const ExperimentSpec &spec, const ModelEntry &entry);

/// The spec's entry a stored run was trained from (matched by model id and label), with the
/// run's own stored parameters — a sweep trial's differ from the entry's. ConfigError("run").
ModelEntry storedEntry(const Registry &registry, const ExperimentSpec &spec, const RunRecord &run);

} // namespace recscope::core::detail
