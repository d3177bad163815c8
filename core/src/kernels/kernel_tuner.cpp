// SPDX-License-Identifier: MIT
// Tuning per device (KernelEvolve's idea, PAPERS.md #35, at our scale): start from the default
// variant, generate candidates one step from the best so far, gate each on agreement with the
// LibTorch reference, keep the fastest, stop when the budget is spent or nothing nearby is faster;
// the winner is cached by device, library versions and shape bucket (kernels/kernel_cache.h).
#include "kernels/kernel_tuner.h"

#include "kernels/kernel_cache.h"
#include "kernels/kernel_library.h"
#include "kernels/kernel_problems.h"
#include "recscope/core/error.h"
#include "recscope/core/log.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace recscope::core::detail::kernels {

namespace {

using i64 = std::int64_t;
constexpr double firstUseBudget = 1.5; // seconds per kernel and bucket, no reference timing

std::string cpuModel()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
            return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

i64 roundUp(i64 v, std::initializer_list<i64> bounds)
{
    for (auto b : bounds)
        if (v <= b)
            return b;
    return *(bounds.end() - 1);
}

std::unique_ptr<KernelProblem>
problemFor(const std::string &kernel, const std::string &bucket, at::Device device)
{
    try {
        return kernel == "hstu_attention" ? attentionProblem(bucket, device)
                                          : topKProblem(bucket, device);
    } catch (const std::invalid_argument &e) {
        throw ConfigError("bucket", e.what());
    }
}

std::string defaultVariantOf(const std::string &kernel)
{
    return kernel == "hstu_attention" ? "64x64" : "4096";
}

/// Process-wide view of the cache for this library version: key → variant. Lookups hold the map's
/// mutex only briefly; a first-use tuning runs under its own mutex (one at a time here) and the
/// cache file's lock (one at a time across processes), never under the map's.
class VariantTable
{
public:
    /// The cached variant, tuning it first when the key is new.
    std::string variant(const std::string &kernel,
                        const std::string &device,
                        const std::string &bucket,
                        at::Device dev)
    {
        const std::string key = kernel + '\n' + device + '\n' + bucket;
        if (auto v = find(key))
            return *v;
        std::lock_guard tuning(m_tuning);
        if (auto v = find(key)) // another thread tuned it meanwhile
            return *v;
        const auto chosen = loadOrTune(kernel, device, bucket, dev);
        std::lock_guard guard(m_mutex);
        return m_variants[key] = chosen;
    }

    void forget()
    {
        std::lock_guard guard(m_mutex);
        m_variants.clear();
    }

    std::map<std::string, std::string> snapshot()
    {
        std::lock_guard guard(m_mutex);
        return m_variants;
    }

private:
    std::optional<std::string> find(const std::string &key)
    {
        std::lock_guard guard(m_mutex);
        const auto it = m_variants.find(key);
        return it == m_variants.end() ? std::nullopt : std::optional(it->second);
    }

    static std::string loadOrTune(const std::string &kernel,
                                  const std::string &device,
                                  const std::string &bucket,
                                  at::Device dev)
    {
        const auto file = std::filesystem::path(kernelCachePath());
        KernelCacheLock lock(file);
        auto entries = readKernelCache(file); // another process may have tuned it meanwhile
        for (const auto &e : entries)
            if (e.kernel == kernel && e.device == device && e.bucket == bucket
                && e.library == libraryKey())
                return e.variant;
        const char *mode = std::getenv("RECSCOPE_KERNEL_TUNING");
        if (mode && std::string_view(mode) == "off")
            return defaultVariantOf(kernel);
        log(LogLevel::Info,
            "tuning " + kernel + " for " + device + " at " + bucket + " (first use)");
        auto problem = problemFor(kernel, bucket, dev);
        auto t = searchVariants(*problem,
                                {kernel, device, libraryKey(), bucket},
                                firstUseBudget,
                                false,
                                {},
                                {});
        entries.push_back(t);
        try {
            writeKernelCache(file, entries);
        } catch (const StoreError &e) { // a read-only home: tuned for this process only
            log(LogLevel::Warning, e.what());
        }
        return t.variant;
    }

    std::mutex m_mutex, m_tuning;
    std::map<std::string, std::string> m_variants;
};

VariantTable &variants()
{
    static VariantTable table;
    return table;
}

} // namespace

TunedKernel searchVariants(KernelProblem &problem,
                           TunedKernel result,
                           double budget,
                           bool withReference,
                           const std::function<void(double)> &progress,
                           std::stop_token stop)
{
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    // A variant that throws (a launch the device cannot take) or disagrees with the reference is
    // rejected, as is one that is slower.
    auto timed = [&](const std::string &v) -> std::optional<double> {
        try {
            if (!problem.agreesWithReference(v))
                return std::nullopt;
            return problem.seconds(v);
        } catch (const std::exception &e) {
            log(LogLevel::Debug, "kernel variant " + v + " rejected: " + e.what());
            return std::nullopt;
        }
    };
    std::set<std::string> tried;
    std::string best = problem.defaultVariant();
    result.defaultSeconds = result.seconds = problem.seconds(best);
    tried.insert(best);
    const auto first = problem.neighbours(best);
    std::deque<std::string> candidates(first.begin(), first.end());
    while (!candidates.empty() && elapsed() < budget) {
        if (stop.stop_requested())
            throw Cancelled("kernel tuning");
        const auto v = candidates.front();
        candidates.pop_front();
        if (!tried.insert(v).second)
            continue;
        const auto s = timed(v);
        if (s && *s < result.seconds) { // new best: its neighbours are the next candidates
            best = v, result.seconds = *s;
            for (const auto &n : problem.neighbours(v))
                candidates.push_front(n);
        }
        if (progress)
            progress(std::min(1.0, elapsed() / budget));
    }
    result.variant = best;
    result.tried = int(tried.size());
    if (withReference)
        result.referenceSeconds = problem.referenceSeconds();
    return result;
}

std::string libraryKey()
{
    return std::string("RecScope ") + RECSCOPE_VERSION + ", LibTorch " + TORCH_VERSION;
}

std::string deviceKey(const at::Tensor &like)
{
    if (like.is_cuda())
        return "cuda: " + cudaDeviceName(like.get_device());
    return "cpu: " + cpuModel() + " (" + std::to_string(at::get_num_threads()) + " threads)";
}

std::string attentionBucket(i64 dqk, i64 longest)
{
    return "d_qk<=" + std::to_string(roundUp(dqk, {16, 32, 64, 128, 256, 512, 1024, 4096}))
           + " n<=" + std::to_string(roundUp(longest, {256, 1024, 4096, 16384}));
}

std::string topKBucket(i64 d)
{
    return "d<=" + std::to_string(roundUp(d, {16, 32, 64, 128, 256, 512, 1024, 4096}));
}

AttentionTiles attentionTiles(const at::Tensor &like, i64 dqk, i64 longest)
{
    const auto v = variants().variant("hstu_attention",
                                      deviceKey(like),
                                      attentionBucket(dqk, longest),
                                      like.device());
    const auto tiles = attentionVariant(v);
    return tiles ? AttentionTiles{tiles->first, tiles->second} : AttentionTiles{};
}

i64 topKItemTile(const at::Tensor &like, i64 d)
{
    const auto v = variants().variant("masked_topk", deviceKey(like), topKBucket(d), like.device());
    return topKVariant(v).value_or(4096);
}

} // namespace recscope::core::detail::kernels

namespace recscope::core {

using namespace detail::kernels;

std::string kernelCachePath()
{
    if (const char *p = std::getenv("RECSCOPE_KERNEL_CACHE"); p && *p)
        return p;
    if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return (std::filesystem::path(x) / "recscope" / "kernels.json").string();
    const char *home = std::getenv("HOME");
    return (std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "recscope"
            / "kernels.json")
        .string();
}

std::vector<TunedKernel> listTunedKernels()
{
    std::vector<TunedKernel> out;
    for (auto &e : readKernelCache(kernelCachePath()))
        if (e.library == libraryKey())
            out.push_back(std::move(e));
    return out;
}

std::vector<TunedKernel> tuneKernels(const KernelTuneOptions &options,
                                     const std::function<void(double)> &progress,
                                     std::stop_token stop)
{
    if (options.device != "cpu" && options.device != "cuda")
        throw ConfigError("device", "is \"" + options.device + "\"; kernels tune on cpu or cuda");
    if (options.device == "cuda" && !cudaKernelsLoaded())
        throw ConfigError("device",
                          "cuda: the CUDA kernels are not available (" + cudaKernelsProblem()
                              + ")");
    const at::Device dev(options.device == "cuda" ? at::kCUDA : at::kCPU);
    std::vector<std::pair<std::string, std::string>> jobs; // kernel, bucket
    auto buckets = options.buckets;
    if (buckets.empty())
        buckets = {"d_qk<=64 n<=256", "d_qk<=64 n<=1024", "d_qk<=64 n<=4096", "d<=64"};
    for (const auto &b : buckets)
        jobs.push_back({b.rfind("d_qk", 0) == 0 ? "hstu_attention" : "masked_topk", b});
    const auto device = deviceKey(at::empty({0}, at::TensorOptions().device(dev)));
    std::vector<TunedKernel> results;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto problem = problemFor(jobs[j].first, jobs[j].second, dev);
        auto part = [&](double f) {
            if (progress)
                progress((double(j) + f) / double(jobs.size()));
        };
        results.push_back(searchVariants(*problem,
                                         {jobs[j].first, device, libraryKey(), jobs[j].second},
                                         options.budgetSeconds,
                                         options.measureReference,
                                         part,
                                         stop));
    }
    const auto file = std::filesystem::path(kernelCachePath());
    {
        KernelCacheLock lock(file);
        auto entries = readKernelCache(file);
        std::erase_if(entries, [&](const TunedKernel &e) {
            for (const auto &r : results)
                if (e.kernel == r.kernel && e.device == r.device && e.bucket == r.bucket
                    && e.library == r.library)
                    return true;
            return false;
        });
        entries.insert(entries.end(), results.begin(), results.end());
        writeKernelCache(file, entries);
    }
    variants().forget(); // after the file lock: first-use tuning takes the two the other way round
    return results;
}

int clearTunedKernels()
{
    const auto file = std::filesystem::path(kernelCachePath());
    int n = 0;
    {
        KernelCacheLock lock(file);
        n = int(readKernelCache(file).size());
        std::error_code ec;
        std::filesystem::remove(file, ec);
    }
    variants().forget();
    return n;
}

std::vector<std::string> kernelSummary()
{
    std::vector<std::string> out;
    const auto cpu = at::empty({0});
    out.push_back("CPU kernels: fused HSTU attention and masked top-K on " + deviceKey(cpu)
                  + (referenceKernelsForced() ? " (off: RECSCOPE_KERNELS=reference)" : ""));
    if (!cudaKernelsLoaded())
        out.push_back("CUDA kernels: not in use (" + cudaKernelsProblem() + ")");
    else if (!torch::cuda::is_available())
        out.push_back("CUDA kernels: built and loaded; no CUDA device on this machine");
    else
        out.push_back("CUDA kernels: in use on " + cudaDeviceName(0)
                      + (torch::cuda::device_count() > 1 ? " and more" : ""));
    for (const auto &[key, variant] : variants().snapshot()) {
        auto line = key;
        std::replace(line.begin(), line.end(), '\n', ' ');
        out.push_back("in use: " + line + " → " + variant);
    }
    return out;
}

} // namespace recscope::core
