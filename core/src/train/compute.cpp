// SPDX-License-Identifier: MIT
#include "recscope/core/compute.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>

namespace recscope::core {

void setComputeThreads(int threads)
{
    at::set_num_threads(std::max(1, threads));
}

int computeThreads()
{
    return at::get_num_threads();
}

std::vector<std::string> availableDevices()
{
    std::vector<std::string> out{"cpu"};
    if (torch::cuda::is_available())
        for (std::size_t k = 0; k < std::size_t(torch::cuda::device_count()); ++k)
            out.push_back("cuda:" + std::to_string(k));
    return out;
}

std::string deviceSummary()
{
    std::string s = "CPU (" + std::to_string(at::get_num_threads()) + " threads)";
    if (!torch::cuda::is_available())
        return s + "; no CUDA device";
    return s + "; CUDA with " + std::to_string(torch::cuda::device_count()) + " GPU(s)";
}

} // namespace recscope::core
