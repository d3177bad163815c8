// SPDX-License-Identifier: MIT
#pragma once
// What every recscope-cli command opens with, once: its options parsed, --help answered, the
// positional arguments and required options checked, and the registry and project database
// when the command asks for them.

#include "cli_options.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace recscope::core {
class Registry;
}

namespace recscope::app {

/// Ends a command early with its exit code: 0 after --help (the help on stdout), 2 after a usage
/// error (the help on stderr). main() returns the code.
struct CommandExit
{
    int code = 0;
};

/// How a command is called: its help text, options, and positional arguments.
struct CommandShape
{
    const char *help = "";
    std::vector<std::string> valued; ///< options that take a value
    std::vector<std::string> flags;  ///< options that do not ("help" is always one)
    std::size_t positional = 0;      ///< exactly this many positional arguments (kAnyCount: any)
    std::vector<std::string> required = {}; ///< valued options that must be given
    /// What else a call must satisfy (a sub-command word, options that exclude each other).
    std::function<bool(const CliOptions &)> accepts = {};

    static constexpr std::size_t kAnyCount = std::size_t(-1);
};

class CommandLine
{
public:
    /// Throws CommandExit for --help and for a call that does not fit the shape.
    CommandLine(const std::vector<std::string> &args, CommandShape shape);
    ~CommandLine();

    const CliOptions &options() const { return m_options; }
    /// The first positional argument as a run (or sweep) id; std::invalid_argument otherwise.
    std::int64_t runId() const;
    /// --db, which must name an existing project database; std::invalid_argument otherwise.
    std::string existingDb() const;
    /// The built-in tasks and models plus every plugin on the plugin path, set up on first use.
    core::Registry &registry();

private:
    CliOptions m_options;
    std::unique_ptr<core::Registry> m_registry;
};

} // namespace recscope::app
