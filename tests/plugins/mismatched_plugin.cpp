// SPDX-License-Identifier: MIT
// A plugin built "elsewhere": its stamp and descriptor claim another LibTorch and compiler, as a
// binary from a different toolchain would. The host must refuse it from the file, before loading
// it: its constructor marks the process if it ever runs.
#include <recscope/sdk/plugin.h>

#include <cstdlib>
#include <stdexcept>

namespace {
void registerNothing(recscope::core::Registry &)
{
    throw std::logic_error("the host called a refused plugin's registration");
}

__attribute__((constructor)) void ranOnLoad()
{
    setenv("RECSCOPE_MISMATCHED_PLUGIN_RAN", "1", 1);
}
} // namespace

extern "C" __attribute__((visibility("default"), used, section(RECSCOPE_PLUGIN_STAMP_SECTION)))
const RsPluginStampV1 recscope_plugin_stamp{RECSCOPE_PLUGIN_STAMP_MAGIC,
                                            RECSCOPE_PLUGIN_API_VERSION,
                                            10000,
                                            _GLIBCXX_USE_CXX11_ABI,
                                            "mismatched",
                                            "gcc 3"};

extern "C" __attribute__((visibility("default"))) const RsPluginV1 *recscope_plugin_entry()
{
    static const RsPluginV1 descriptor{RECSCOPE_PLUGIN_API_VERSION,
                                       "mismatched",
                                       10000,
                                       _GLIBCXX_USE_CXX11_ABI,
                                       "gcc 3",
                                       registerNothing};
    return &descriptor;
}
