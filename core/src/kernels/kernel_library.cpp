// SPDX-License-Identifier: MIT
#include "kernels/kernel_library.h"

#include <ATen/core/dispatch/Dispatcher.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string_view>

#include <dlfcn.h>

namespace recscope::core::detail::kernels {

namespace {

struct LoadState
{
    bool loaded = false;
    std::string problem;
    void *handle = nullptr;
};

LoadState &state()
{
    static LoadState s;
    static std::once_flag once;
    std::call_once(once, [] {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void *>(&loadCudaKernels), &info) || !info.dli_fname) {
            s.problem = "the engine library's folder is unknown";
            return;
        }
        const auto path
            = std::filesystem::path(info.dli_fname).parent_path() / "librecscope_cuda.so";
        if (!std::filesystem::exists(path)) {
            s.problem = path.string() + " is not there (built only with the CUDA toolkit)";
            return;
        }
        // Kept loaded for the process: its static registrations must outlive every call.
        s.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!s.handle) {
            s.problem = dlerror();
            return;
        }
        s.loaded = true;
    });
    return s;
}

} // namespace

bool loadCudaKernels()
{
    return state().loaded;
}

bool cudaKernelsLoaded()
{
    if (!loadCudaKernels())
        return false;
    const auto op = c10::Dispatcher::singleton().findSchema({"recscope::hstu_attention_fwd", ""});
    return op && op->hasKernelForDispatchKey(c10::DispatchKey::CUDA);
}

std::string cudaDeviceName(int index)
{
    using NameFn = const char *(*)(int);
    if (loadCudaKernels())
        if (auto fn = reinterpret_cast<NameFn>(dlsym(state().handle, "recscope_cuda_device_name")))
            if (const char *name = fn(index))
                return name;
    return "GPU " + std::to_string(index);
}

bool referenceKernelsForced()
{
    const char *v = std::getenv("RECSCOPE_KERNELS");
    return v && std::string_view(v) == "reference";
}

std::string cudaKernelsProblem()
{
    return state().problem;
}

} // namespace recscope::core::detail::kernels
