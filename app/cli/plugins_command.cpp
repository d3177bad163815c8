// SPDX-License-Identifier: MIT
// The CLI's registry: built-in models plus plugins, and `recscope-cli plugins`.
#include "command_line.h"
#include "commands.h"

#include <recscope/core/builtins.h>
#include <recscope/core/registry.h>

#include <cstdio>

namespace recscope::app {

std::vector<core::PluginRecord> setUpRegistry(core::Registry &registry)
{
    core::registerBuiltins(registry);
    auto records
        = core::loadPlugins(registry, core::pluginSearchPath(core::currentExecutableDir()));
    for (const auto &r : records)
        if (r.state == core::PluginRecord::State::Refused)
            std::fprintf(stderr,
                         "recscope-cli: plugin %s not loaded: %s\n",
                         r.manifest.string().c_str(),
                         r.message.c_str());
    return records;
}

int pluginsCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args,
                    {"usage: recscope-cli plugins\n\nLists the plugins found on the plugin path "
                     "and what each adds.\n"
                     "Path: $RECSCOPE_PLUGIN_PATH, <install>/lib/recscope/plugins, "
                     "~/.local/share/recscope/plugins\n",
                     {},
                     {},
                     0});
    std::printf("plugin path:\n");
    for (const auto &dir : core::pluginSearchPath(core::currentExecutableDir()))
        std::printf("  %s\n", dir.string().c_str());
    core::Registry registry;
    core::registerBuiltins(registry);
    const auto records
        = core::loadPlugins(registry, core::pluginSearchPath(core::currentExecutableDir()));
    if (records.empty())
        std::printf("no plugins found\n");
    for (const auto &r : records) {
        std::printf("\n%s %s  [%s]  %s\n  %s\n",
                    r.id.empty() ? "?" : r.id.c_str(),
                    r.version.c_str(),
                    core::stateName(r.state),
                    r.description.c_str(),
                    r.library.empty() ? r.manifest.string().c_str() : r.library.string().c_str());
        for (const auto &p : r.provides)
            std::printf("  adds %s\n", p.c_str());
        if (!r.message.empty())
            std::printf("  %s\n", r.message.c_str());
    }
    return 0;
}

} // namespace recscope::app
