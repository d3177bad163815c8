// SPDX-License-Identifier: MIT
#include "command_line.h"

#include "commands.h"

#include <recscope/core/registry.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace recscope::app {

namespace {

std::vector<std::string> withHelp(std::vector<std::string> flags)
{
    flags.push_back("help");
    return flags;
}

} // namespace

CommandLine::CommandLine(const std::vector<std::string> &args, CommandShape shape)
    : m_options(args, shape.valued, withHelp(shape.flags))
{
    if (m_options.flag("help")) {
        std::fputs(shape.help, stdout);
        throw CommandExit{0};
    }
    bool fits = shape.positional == CommandShape::kAnyCount
                || m_options.positional().size() == shape.positional;
    for (const auto &name : shape.required)
        fits = fits && m_options.value(name).has_value();
    fits = fits && (!shape.accepts || shape.accepts(m_options));
    if (!fits) {
        std::fputs(shape.help, stderr);
        throw CommandExit{2};
    }
}

CommandLine::~CommandLine() = default;

std::int64_t CommandLine::runId() const
{
    return parseRunId(m_options.positional().at(0));
}

std::string CommandLine::existingDb() const
{
    const auto db = m_options.value("db");
    if (!db)
        throw std::invalid_argument("--db FILE is required");
    if (!std::filesystem::exists(*db))
        throw std::invalid_argument("--db " + *db + ": no such file");
    return *db;
}

core::Registry &CommandLine::registry()
{
    if (!m_registry) {
        m_registry = std::make_unique<core::Registry>();
        setUpRegistry(*m_registry);
    }
    return *m_registry;
}

} // namespace recscope::app
