// SPDX-License-Identifier: MIT
#pragma once
// Reads a plugin library's stamp (RsPluginStampV1, sdk/plugin.h) from its ELF section headers
// without loading it: the file is untrusted, so every offset and size is checked against it.

#include <recscope/core/export.h>
#include <recscope/sdk/plugin.h>

#include <filesystem>

namespace recscope::core::detail {

/// Throws ConfigError naming the file when it is not a 64-bit ELF file of this machine's byte
/// order, its headers point outside it, or it has no well-formed ".recscope_stamp" section.
RS_CORE_TEST_EXPORT RsPluginStampV1 readPluginStamp(const std::filesystem::path &library);

} // namespace recscope::core::detail
