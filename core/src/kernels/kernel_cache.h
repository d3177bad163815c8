// SPDX-License-Identifier: MIT
#pragma once
// The tuned-variant cache on disk (recscope/core/kernels.h says where): JSON written whole to a
// temporary file and renamed, read-modify-write under an flock so that processes tuning at once
// agree on one winner per key. The file is untrusted: a malformed one is ignored (and replaced
// on the next write), never half-read.

#include <recscope/core/kernels.h>

#include <filesystem>
#include <vector>

namespace recscope::core::detail::kernels {

std::vector<TunedKernel> readKernelCache(const std::filesystem::path &file);
void writeKernelCache(const std::filesystem::path &file, const std::vector<TunedKernel> &entries);

/// Holds an exclusive lock on FILE.lock for its lifetime (creating the folder).
class KernelCacheLock
{
public:
    explicit KernelCacheLock(const std::filesystem::path &file);
    ~KernelCacheLock();
    KernelCacheLock(const KernelCacheLock &) = delete;
    KernelCacheLock &operator=(const KernelCacheLock &) = delete;

private:
    int m_fd = -1;
};

} // namespace recscope::core::detail::kernels
