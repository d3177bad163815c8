// SPDX-License-Identifier: MIT
#include "run/task_run.h"

#include "recscope/core/store.h"
#include "train/module_files.h"

#include <torch/serialize.h>

namespace recscope::core::detail {

void TaskRun::saveModel(torch::nn::Module &module) const
{
    if (checkpointDir.empty())
        return;
    const auto file
        = checkpointDir / (runFileStem(store, runId) + ".model.pt"); // run-N.<project>.model.pt
    torch::serialize::OutputArchive archive;
    module.save(archive);
    saveArchiveAtomically(archive, file);
    store.addArtifact(runId, "model", file.string());
}

void TaskRun::applyOutcome(const TrainOutcome &out) const
{
    summary.status = out.status;
    summary.epochs = out.epochs;
    summary.bestEpoch = out.bestEpoch;
    summary.valid = out.bestValid;
    summary.trainSeconds = out.trainSeconds;
    summary.evalSeconds = out.evalSeconds;
    summary.message = out.message;
}

} // namespace recscope::core::detail
