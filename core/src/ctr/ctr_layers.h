// SPDX-License-Identifier: MIT
#pragma once
// Building blocks shared by the CTR models: masked attention pooling and the prediction head.

#include <recscope/core/export.h>

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

namespace recscope::core::detail {

/// The CTR head of DIN/DARE: BatchNorm → 200 → PReLU → 80 → PReLU → 1 (DARE's
/// model/din_pytorch.py, with one logit and BCE instead of a 2-way softmax, which is equivalent).
/// batchNorm = false gives the plain MLP (DIN's activation unit).
RS_CORE_TEST_EXPORT torch::nn::Sequential makeCtrHead(std::int64_t in,
                                                      std::initializer_list<std::int64_t> hidden
                                                      = {200, 80},
                                                      bool batchNorm = true);

/// Softmax over the last dimension with padding slots excluded; rows that are all padding get
/// all-zero weights instead of NaN.
RS_CORE_TEST_EXPORT torch::Tensor maskedSoftmax(const torch::Tensor &logits,
                                                const torch::Tensor &padding);

/// logits with padding set to -inf (what the search ranks).
RS_CORE_TEST_EXPORT torch::Tensor maskScores(const torch::Tensor &logits,
                                             const torch::Tensor &padding);

} // namespace recscope::core::detail
