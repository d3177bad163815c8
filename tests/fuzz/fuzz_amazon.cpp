// SPDX-License-Identifier: MIT
// The Amazon reviews plugin's JSON-lines loader, compiled into this target and reached the way
// the host reaches it: through its entry point and the registry.
#include "fuzz_input.h"
#include "recscope/core/loaders.h"
#include "recscope/core/registry.h"

#include <recscope/sdk/dataset_loader.h>
#include <recscope/sdk/plugin.h>

using namespace recscope::core;

extern "C" const RsPluginV1 *recscope_plugin_entry();

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const auto loader = [] {
        static Registry registry;
        recscope_plugin_entry()->registerExtensions(registry);
        return registry.datasetLoader("amazon_reviews");
    }();
    const auto path = fuzz::writeFile("reviews.jsonl",
                                      std::string_view(reinterpret_cast<const char *>(data), size));
    DatasetSource source; // as a spec naming the plugin's format loads it
    source.format = DatasetFormat::Plugin;
    source.loader = loader;
    source.path = path;
    fuzz::expectCleanRefusal([&] { fuzz::checkDataset(loadDataset(source)); });
    return 0;
}
