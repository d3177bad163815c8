// SPDX-License-Identifier: MIT
// A plugin built "elsewhere": its descriptor claims another LibTorch and compiler, as a binary
// from a different toolchain would. The host must refuse it without calling its registration.
#include <recscope/sdk/plugin.h>

#include <stdexcept>

namespace {
void registerNothing(recscope::core::Registry &)
{
    throw std::logic_error("the host called a refused plugin's registration");
}
} // namespace

extern "C" __attribute__((visibility("default"))) const RsPluginV1 *recscope_plugin_entry()
{
    static const RsPluginV1 descriptor{RECSCOPE_PLUGIN_API_VERSION, "mismatched", 10000, _GLIBCXX_USE_CXX11_ABI, "gcc 3", registerNothing};
    return &descriptor;
}
