// SPDX-License-Identifier: MIT
#include "kernels/kernel_cache.h"

#include "recscope/core/error.h"
#include "recscope/core/log.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace recscope::core::detail::kernels {

namespace {

constexpr std::uintmax_t maxCacheBytes = 4 << 20; // a few hundred entries take a few KB

nlohmann::json toJson(const TunedKernel &k)
{
    return {{"kernel", k.kernel},
            {"device", k.device},
            {"library", k.library},
            {"bucket", k.bucket},
            {"variant", k.variant},
            {"seconds", k.seconds},
            {"default_seconds", k.defaultSeconds},
            {"reference_seconds", k.referenceSeconds},
            {"tried", k.tried}};
}

TunedKernel fromJson(const nlohmann::json &j)
{
    TunedKernel k;
    k.kernel = j.at("kernel").get<std::string>();
    k.device = j.at("device").get<std::string>();
    k.library = j.at("library").get<std::string>();
    k.bucket = j.at("bucket").get<std::string>();
    k.variant = j.at("variant").get<std::string>();
    k.seconds = j.at("seconds").get<double>();
    k.defaultSeconds = j.value("default_seconds", 0.0);
    k.referenceSeconds = j.value("reference_seconds", 0.0);
    k.tried = j.value("tried", 0);
    return k;
}

} // namespace

std::vector<TunedKernel> readKernelCache(const std::filesystem::path &file)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return {};
    try {
        if (std::filesystem::file_size(file) > maxCacheBytes)
            throw std::runtime_error("larger than " + std::to_string(maxCacheBytes) + " bytes");
        std::ifstream in(file);
        const auto j = nlohmann::json::parse(in);
        std::vector<TunedKernel> out;
        for (const auto &e : j.at("entries"))
            out.push_back(fromJson(e));
        return out;
    } catch (const std::exception &e) {
        log(LogLevel::Warning,
            "kernel cache " + file.string() + " is not readable (" + e.what()
                + "); the kernels are tuned again");
        return {};
    }
}

void writeKernelCache(const std::filesystem::path &file, const std::vector<TunedKernel> &entries)
{
    nlohmann::json j{{"format", 1}, {"entries", nlohmann::json::array()}};
    for (const auto &e : entries)
        j["entries"].push_back(toJson(e));
    const auto tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(2) << '\n';
        if (!out.flush())
            throw StoreError("cannot write the kernel cache " + tmp);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        throw StoreError("cannot replace the kernel cache " + file.string() + ": " + ec.message());
}

KernelCacheLock::KernelCacheLock(const std::filesystem::path &file)
{
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    m_fd = ::open((file.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd >= 0)
        ::flock(m_fd, LOCK_EX); // without a lock file (read-only home) tuning still works
}

KernelCacheLock::~KernelCacheLock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

} // namespace recscope::core::detail::kernels
