// SPDX-License-Identifier: MIT
#pragma once
// The CUDA kernels live in their own library (librecscope_cuda.so, built from kernels/*.cu when
// the CUDA toolkit is found) so that the engine itself links LibTorch's CPU libraries only (the
// .deb) and a CPU machine never loads CUDA code. Loading it registers its kernels as the CUDA
// implementations of the recscope:: operators (kernels/kernel_ops.cpp).

#include <string>

namespace recscope::core::detail::kernels {

/// Loads the CUDA kernels library from the engine's own folder, once; false when it is absent or
/// fails to load (the reason is in cudaKernelsProblem()).
bool loadCudaKernels();

/// Whether the CUDA implementations are registered (loading them first).
bool cudaKernelsLoaded();

/// The name of CUDA device `index` as the CUDA library reports it ("GPU 0" without it).
std::string cudaDeviceName(int index);

/// RECSCOPE_KERNELS=reference: every caller takes the LibTorch reference path (benchmarks,
/// checking a result without the fused kernels).
bool referenceKernelsForced();

/// Why loadCudaKernels() failed, or "" after a success.
std::string cudaKernelsProblem();

} // namespace recscope::core::detail::kernels
