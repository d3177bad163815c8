// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <filesystem>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;

/// One plugin the host found: what its manifest says and what became of it.
struct RS_CORE_EXPORT PluginRecord
{
    enum class State {
        Loaded,
        Disabled,
        Refused
    };
    std::filesystem::path manifest; ///< <dir>/<id>.json
    std::filesystem::path library;  ///< <dir>/librs_<id>.so
    std::string id;
    std::string version;
    std::string description;
    std::vector<std::string> kinds; ///< model, dataset, metric
    State state = State::Refused;
    std::string message;               ///< why it was refused or disabled; empty when loaded
    std::vector<std::string> provides; ///< "model ease", "dataset amazon_reviews", "metric F1"
};

RS_CORE_EXPORT const char *stateName(PluginRecord::State state);

/// Where plugins are looked for, in order: the directories in $RECSCOPE_PLUGIN_PATH (colon
/// separated), <executableDir>/../lib/recscope/plugins (the build tree and an installed
/// package alike), and the user directory $XDG_DATA_HOME/recscope/plugins
/// (~/.local/share/recscope/plugins). Missing directories are skipped when loading.
RS_CORE_EXPORT std::vector<std::filesystem::path>
pluginSearchPath(const std::filesystem::path &executableDir);
/// The directory of the running program (/proc/self/exe); empty when unknown.
RS_CORE_EXPORT std::filesystem::path currentExecutableDir();

/// Reads every *.json manifest in the directories, checks its API version, loads the library,
/// checks the descriptor (API, LibTorch version, std::string ABI, compiler) and lets the plugin
/// register into `registry`. A plugin that fails any step is refused with a message naming the
/// file and the mismatch, and adds nothing; the others still load. The first plugin with an id
/// wins; later ones with the same id are refused. Libraries stay loaded for the process's life.
/// Opening a library runs its code, so a folder (or library) that is relative, owned by another
/// user or writable by others is refused with a record saying why, and one library is
/// never loaded under two plugin names.
RS_CORE_EXPORT std::vector<PluginRecord>
loadPlugins(Registry &registry, const std::vector<std::filesystem::path> &directories);

} // namespace recscope::core
