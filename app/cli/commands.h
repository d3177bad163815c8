// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/plugins.h>

#include <string>
#include <vector>

namespace recscope::core {
class Registry;
}

namespace recscope::app {

/// The built-in models plus every plugin on the plugin path; refused plugins are reported on
/// stderr once (a command still runs without them).
std::vector<core::PluginRecord> setUpRegistry(core::Registry &registry);

// Each command returns the process exit code: 0 ok, 1 failed, 2 usage error, 130 cancelled.
int runCommand(const std::vector<std::string> &args);
int resumeCommand(const std::vector<std::string> &args);
int runsCommand(const std::vector<std::string> &args);
int showCommand(const std::vector<std::string> &args);
int evaluateCommand(const std::vector<std::string> &args);
int splitCommand(const std::vector<std::string> &args);
int sweepCommand(const std::vector<std::string> &args);
int attentionCommand(const std::vector<std::string> &args);
int saeCommand(const std::vector<std::string> &args);
int conceptsCommand(const std::vector<std::string> &args);
int steerCommand(const std::vector<std::string> &args);
int auditCommand(const std::vector<std::string> &args);
int loopCommand(const std::vector<std::string> &args);
int extractCommand(const std::vector<std::string> &args);
int reportCommand(const std::vector<std::string> &args);
int datasetCommand(const std::vector<std::string> &args);
int modelsCommand(const std::vector<std::string> &args);
int pluginsCommand(const std::vector<std::string> &args);
int kernelsCommand(const std::vector<std::string> &args);

} // namespace recscope::app
