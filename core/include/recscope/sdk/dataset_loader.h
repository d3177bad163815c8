// SPDX-License-Identifier: MIT
#pragma once
// A dataset format added by a plugin (plugins/README.md). Qt- and LibTorch-free.

#include <recscope/core/dataset.h>
#include <recscope/core/error.h>
#include <recscope/core/extension_info.h>
#include <recscope/sdk/dataset_builder.h>

#include <filesystem>

namespace recscope::sdk {

/// Reads one file format into a Dataset. load() runs on a worker thread and must be reentrant;
/// bad input throws recscope::DataError naming the file, line and field (nothing is half-loaded:
/// the caller only sees a finished Dataset).
class DatasetLoader
{
public:
    virtual ~DatasetLoader() = default;
    virtual core::DatasetLoaderInfo info() const = 0;
    virtual core::Dataset load(const std::filesystem::path &path) const = 0;
};

} // namespace recscope::sdk
