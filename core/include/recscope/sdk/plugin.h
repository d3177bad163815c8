// SPDX-License-Identifier: MIT
#pragma once
// The plugin entry point (plugins/README.md). A plugin is a shared library librs_<id>.so with a
// manifest <id>.json beside it; the host reads the manifest first, then the library's stamp
// (from the file, without loading it), then loads the library and calls recscope_plugin_entry().
// C++ types cross this boundary, so the plugin must be built with the same compiler family and
// major version, the same LibTorch and the same std::string ABI as the host; the descriptor records
// them and the host refuses a mismatch with a message.
//
//   static void registerExtensions(recscope::core::Registry &r) {
//   r.add(std::make_unique<MyFactory>()); } RECSCOPE_PLUGIN("my_plugin", registerExtensions)

#include <recscope/core/registry.h>

#if __has_include(<torch/headeronly/version.h>)
#include <torch/headeronly/version.h>
#elif __has_include(<torch/version.h>)
#include <torch/version.h>
#endif

/// Bumped whenever a type the SDK headers declare changes layout or meaning.
#define RECSCOPE_PLUGIN_API_VERSION 3 // 2: ModelInfo::task is a TaskKind; 3: Model::scoreFactors

#ifdef TORCH_VERSION_MAJOR
#define RECSCOPE_PLUGIN_TORCH_VERSION                                                              \
    (TORCH_VERSION_MAJOR * 10000 + TORCH_VERSION_MINOR * 100 + TORCH_VERSION_PATCH)
#else
#define RECSCOPE_PLUGIN_TORCH_VERSION 0 // the plugin does not use LibTorch
#endif

#define RECSCOPE_PLUGIN_STR2(x) #x
#define RECSCOPE_PLUGIN_STR(x) RECSCOPE_PLUGIN_STR2(x)
#if defined(__clang__)
#define RECSCOPE_PLUGIN_COMPILER "clang " RECSCOPE_PLUGIN_STR(__clang_major__)
#elif defined(__GNUC__)
#define RECSCOPE_PLUGIN_COMPILER "gcc " RECSCOPE_PLUGIN_STR(__GNUC__)
#else
#define RECSCOPE_PLUGIN_COMPILER "unknown"
#endif

extern "C" {

/// What recscope_plugin_entry() returns. apiVersion stays the first member in every version, so
/// a host can read it from any plugin before trusting the rest.
struct RsPluginV1
{
    int apiVersion;       ///< RECSCOPE_PLUGIN_API_VERSION the plugin was built against
    const char *id;       ///< must equal the manifest's "id"
    int torchVersion;     ///< major*10000 + minor*100 + patch of its LibTorch; 0 = no LibTorch
    int cxx11Abi;         ///< _GLIBCXX_USE_CXX11_ABI
    const char *compiler; ///< e.g. "gcc 12"
    /// Adds the plugin's models, dataset loaders and metrics. No lookups of other plugins here.
    void (*registerExtensions)(recscope::core::Registry &registry);
};

/// The descriptor's facts as plain bytes in the library's ELF section ".recscope_stamp". The host
/// reads them from the file before dlopen, which runs a library's constructors: a plugin built
/// with another toolchain is refused without any of its code running.
struct RsPluginStampV1
{
    char magic[16]; ///< "recscope-stamp1"
    int apiVersion;
    int torchVersion;
    int cxx11Abi;
    char id[64];       ///< NUL-terminated
    char compiler[32]; ///< NUL-terminated
};

} // extern "C"

#define RECSCOPE_PLUGIN_STAMP_SECTION ".recscope_stamp"
#define RECSCOPE_PLUGIN_STAMP_MAGIC "recscope-stamp1"

#define RECSCOPE_PLUGIN(ID, REGISTER_FN)                                                           \
    extern "C"                                                                                     \
        __attribute__((visibility("default"), used, section(RECSCOPE_PLUGIN_STAMP_SECTION)))       \
        const RsPluginStampV1 recscope_plugin_stamp{RECSCOPE_PLUGIN_STAMP_MAGIC,                   \
                                                    RECSCOPE_PLUGIN_API_VERSION,                   \
                                                    RECSCOPE_PLUGIN_TORCH_VERSION,                 \
                                                    _GLIBCXX_USE_CXX11_ABI,                        \
                                                    ID,                                            \
                                                    RECSCOPE_PLUGIN_COMPILER};                     \
    extern "C" __attribute__((visibility("default"))) const RsPluginV1 *recscope_plugin_entry()    \
    {                                                                                              \
        static const RsPluginV1 descriptor{RECSCOPE_PLUGIN_API_VERSION,                            \
                                           ID,                                                     \
                                           RECSCOPE_PLUGIN_TORCH_VERSION,                          \
                                           _GLIBCXX_USE_CXX11_ABI,                                 \
                                           RECSCOPE_PLUGIN_COMPILER,                               \
                                           REGISTER_FN};                                           \
        return &descriptor;                                                                        \
    }
