// SPDX-License-Identifier: MIT
// recscope-cli kernels: the fused kernels' tuned variants on this machine (list, tune, clear).
#include "command_line.h"
#include "commands.h"

#include <recscope/core/kernels.h>

#include <cstdio>

namespace recscope::app {

namespace {

constexpr const char *kKernelsHelp = R"(usage: recscope-cli kernels list|tune|clear [options]

RecScope's own kernels (fused HSTU attention, fused full-ranking top-K) run in variants (tile
sizes). The tuner measures them on this device for a shape bucket, keeps the fastest that still
agrees with the LibTorch reference, and caches it; first use on a new device tunes with a short
budget. The cache: $RECSCOPE_KERNEL_CACHE, else $XDG_CACHE_HOME/recscope/kernels.json, else
~/.cache/recscope/kernels.json.

  list    the kernels in this build, and the cached variants with their speed-up
  tune    tune again with a longer budget, timing the reference too
  clear   delete the cache

Options (tune):
  --device cpu|cuda       default cpu
  --budget SECONDS        per kernel and bucket, default 20
  --bucket B              only this bucket (default: attention d_qk<=64 at
                          n<=256, 1024, 4096, and top-K d<=64), e.g. "d_qk<=64 n<=1024", "d<=128"
)";

void printTable(const std::vector<core::TunedKernel> &kernels)
{
    std::printf("%-15s %-20s %-8s %10s %10s %10s  %s\n",
                "kernel",
                "bucket",
                "variant",
                "seconds",
                "default",
                "reference",
                "device");
    for (const auto &k : kernels) {
        auto ref = k.referenceSeconds > 0 ? std::to_string(k.referenceSeconds).substr(0, 8) : "-";
        std::printf("%-15s %-20s %-8s %10.4f %10.4f %10s  %s\n",
                    k.kernel.c_str(),
                    k.bucket.c_str(),
                    k.variant.c_str(),
                    k.seconds,
                    k.defaultSeconds,
                    ref.c_str(),
                    k.device.c_str());
    }
}

} // namespace

int kernelsCommand(const std::vector<std::string> &args)
{
    CommandLine
        cmd(args,
            {kKernelsHelp, {"device", "budget", "bucket"}, {}, 1, {}, [](const CliOptions &o) {
                 const auto &w = o.positional().at(0);
                 return w == "list" || w == "tune" || w == "clear";
             }});
    const auto &what = cmd.options().positional().at(0);
    if (what == "clear") {
        const int n = core::clearTunedKernels();
        std::printf("removed %s (%d tuned variant%s)\n",
                    core::kernelCachePath().c_str(),
                    n,
                    n == 1 ? "" : "s");
        return 0;
    }
    if (what == "list") {
        for (const auto &line : core::kernelSummary())
            std::printf("%s\n", line.c_str());
        std::printf("cache: %s\n\n", core::kernelCachePath().c_str());
        printTable(core::listTunedKernels());
        return 0;
    }
    core::KernelTuneOptions o;
    o.device = cmd.options().value("device").value_or("cpu");
    o.budgetSeconds = cmd.options().number("budget", 20);
    if (o.budgetSeconds <= 0)
        throw std::invalid_argument("--budget must be positive");
    if (auto bucket = cmd.options().value("bucket"))
        o.buckets = {*bucket};
    std::stop_source stop;
    InterruptGuard interrupt(stop);
    const auto results = core::tuneKernels(
        o, [](double f) { std::fprintf(stderr, "\rtuning %3.0f%%", 100 * f); }, stop.get_token());
    std::fprintf(stderr, "\n");
    printTable(results);
    return 0;
}

} // namespace recscope::app
