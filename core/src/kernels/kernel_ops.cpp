// SPDX-License-Identifier: MIT
// The recscope:: operators and their CPU kernels, registered with LibTorch's dispatcher, so that a
// tensor's device picks the kernel (the CUDA library, kernels/kernel_library.h, registers the
// CUDA ones under the same names) and autograd functions call them through one handle.
#include "kernels/hstu_attention_cpu.h"
#include "kernels/masked_topk_cpu.h"

#include <torch/library.h>

namespace recscope::core::detail::kernels {

namespace {

using OptionalTensor = c10::optional<at::Tensor>;

at::Tensor attentionForward(const at::Tensor &q,
                            const at::Tensor &k,
                            const at::Tensor &v,
                            const at::Tensor &offsets,
                            const OptionalTensor &times,
                            const OptionalTensor &nextTimes,
                            const OptionalTensor &positionBias,
                            const OptionalTensor &timeBias,
                            const OptionalTensor &numTargets,
                            double alpha,
                            double divisor,
                            std::int64_t blockM,
                            std::int64_t blockN)
{
    return hstuAttentionForwardCpu({q,
                                    k,
                                    v,
                                    offsets,
                                    times,
                                    nextTimes,
                                    positionBias,
                                    timeBias,
                                    numTargets,
                                    alpha,
                                    divisor,
                                    {blockM, blockN}});
}

std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor, at::Tensor>
attentionBackward(const at::Tensor &grad,
                  const at::Tensor &q,
                  const at::Tensor &k,
                  const at::Tensor &v,
                  const at::Tensor &offsets,
                  const OptionalTensor &times,
                  const OptionalTensor &nextTimes,
                  const OptionalTensor &positionBias,
                  const OptionalTensor &timeBias,
                  const OptionalTensor &numTargets,
                  double alpha,
                  double divisor,
                  std::int64_t blockM,
                  std::int64_t blockN)
{
    return hstuAttentionBackwardCpu(grad,
                                    {q,
                                     k,
                                     v,
                                     offsets,
                                     times,
                                     nextTimes,
                                     positionBias,
                                     timeBias,
                                     numTargets,
                                     alpha,
                                     divisor,
                                     {blockM, blockN}});
}

} // namespace

} // namespace recscope::core::detail::kernels

TORCH_LIBRARY(recscope, m)
{
    m.def("hstu_attention_fwd(Tensor q, Tensor k, Tensor v, Tensor offsets, Tensor? times, "
          "Tensor? next_times, Tensor? position_bias, Tensor? time_bias, Tensor? num_targets, "
          "float alpha, float divisor, int block_m, int block_n) -> Tensor");
    m.def("hstu_attention_bwd(Tensor grad, Tensor q, Tensor k, Tensor v, Tensor offsets, "
          "Tensor? times, Tensor? next_times, Tensor? position_bias, Tensor? time_bias, "
          "Tensor? num_targets, float alpha, float divisor, int block_m, int block_n) "
          "-> (Tensor, Tensor, Tensor, Tensor, Tensor)");
    m.def("masked_topk(Tensor users, Tensor items, Tensor mask_offsets, Tensor mask_items, int k, "
          "int block_items) -> (Tensor, Tensor)");
}

TORCH_LIBRARY_IMPL(recscope, CPU, m)
{
    namespace k = recscope::core::detail::kernels;
    m.impl("hstu_attention_fwd", &k::attentionForward);
    m.impl("hstu_attention_bwd", &k::attentionBackward);
    m.impl("masked_topk", &k::maskedTopKCpu);
}
