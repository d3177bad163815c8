// SPDX-License-Identifier: MIT
#include "command_line.h"
#include "commands.h"

#include <recscope/core/registry.h>

#include <cstdio>

namespace recscope::app {

namespace {

constexpr const char *kModelsHelp = R"(usage: recscope-cli models

Lists the models with their task and parameters (type, default, range, meaning), then the
dataset formats and ranking metrics plugins add.
)";

} // namespace

int modelsCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kModelsHelp, {}, {}, 0});
    const core::Registry &registry = cmd.registry();
    for (const auto &m : registry.models()) {
        std::printf("%s  (%s) [%s%s]\n  %s\n",
                    m.id.c_str(),
                    m.displayName.c_str(),
                    core::taskKey(m.task),
                    m.sequential ? ", sequential" : "",
                    m.description.c_str());
        for (const auto &p : m.params.specs()) {
            std::printf("    %-16s %-8s default %-8s",
                        p.name.c_str(),
                        core::paramTypeName(p.type),
                        core::toString(p.defaultValue).c_str());
            if (p.min != p.max)
                std::printf(" range [%g, %g]", p.min, p.max);
            for (std::size_t k = 0; k < p.choices.size(); ++k)
                std::printf("%s%s", k ? "|" : " one of ", p.choices[k].c_str());
            std::printf("  %s\n", p.help.c_str());
        }
    }
    for (const auto &l : registry.datasetLoaders())
        std::printf("dataset format %s  (%s)\n  %s\n",
                    l.id.c_str(),
                    l.displayName.c_str(),
                    l.description.c_str());
    for (const auto &m : registry.metrics())
        std::printf("metric %s\n  %s\n", m.name.c_str(), m.description.c_str());
    return 0;
}

} // namespace recscope::app
