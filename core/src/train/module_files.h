// SPDX-License-Identifier: MIT
#pragma once
// The files RecScope writes for a run (checkpoints, trained weights, SAE probes): named so that
// projects sharing a folder never overwrite each other, written so that a crash never leaves a
// half file under the real name, and read back only into a module of the same shapes.

#include <torch/serialize/archive.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace recscope::core {
class ProjectStore;
}

namespace recscope::core::detail {

/// "run-<id>.<project id>": the stem of every file of a run; ProjectStore::deleteRun removes
/// files named run-<id>.* only, which this keeps.
std::string runFileStem(const ProjectStore &store, std::int64_t runId);

/// Writes to a temporary name in the same folder, then renames: a kill mid-write leaves the
/// previous file (or none), never a truncated one.
void saveArchiveAtomically(torch::serialize::OutputArchive &archive,
                           const std::filesystem::path &file);

/// Removes what saveArchiveAtomically leaves when killed mid-write: <stem>.*.tmp-<pid> in dir.
/// Call only while no process writes the run (resume does, before training).
void removeStaleTemporaries(const std::filesystem::path &dir, const std::string &stem);

/// module.load(archive), refused with a ModelError naming the tensor when a saved shape differs
/// from the module's (LibTorch itself would silently resize the parameter).
void loadModuleChecked(torch::nn::Module &module,
                       torch::serialize::InputArchive &archive,
                       const std::string &file);

} // namespace recscope::core::detail
