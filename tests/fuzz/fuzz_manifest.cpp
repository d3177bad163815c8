// SPDX-License-Identifier: MIT
// A plugin folder holding one manifest (the input) and no library: the loader must refuse or
// disable it with a message, never crash and never open a file outside the folder.
#include "fuzz_input.h"
#include "recscope/core/plugins.h"
#include "recscope/core/registry.h"

using namespace recscope::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto dir = fuzz::scratch() / "plugins";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir,
                                 std::filesystem::perms::owner_all
                                     | std::filesystem::perms::group_read
                                     | std::filesystem::perms::group_exec
                                     | std::filesystem::perms::others_read
                                     | std::filesystem::perms::others_exec);
    fuzz::writeFile("plugins/p.json", std::string_view(reinterpret_cast<const char *>(data), size));
    Registry registry;
    fuzz::expectCleanRefusal([&] {
        const auto records = loadPlugins(registry, {dir});
        if (records.size() != 1 || records[0].manifest != dir / "p.json")
            fuzz::finding("the manifest was not read (the folder itself was refused?)", nullptr);
        if (records[0].state == PluginRecord::State::Loaded)
            fuzz::finding("a manifest without a library was loaded", nullptr);
    });
    return 0;
}
