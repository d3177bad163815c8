// SPDX-License-Identifier: MIT
#include "ctr/ctr_layers.h"

#include <recscope/sdk/ctr_model.h>

#include <torch/nn/functional/loss.h>

#include <limits>

namespace recscope::core::detail {

torch::nn::Sequential
makeCtrHead(std::int64_t in, std::initializer_list<std::int64_t> hidden, bool batchNorm)
{
    torch::nn::Sequential head;
    if (batchNorm)
        head->push_back(torch::nn::BatchNorm1d(in));
    std::int64_t width = in;
    for (auto h : hidden) {
        head->push_back(torch::nn::Linear(width, h));
        head->push_back(torch::nn::PReLU());
        width = h;
    }
    head->push_back(torch::nn::Linear(width, 1));
    return head;
}

torch::Tensor maskScores(const torch::Tensor &logits, const torch::Tensor &padding)
{
    return logits.masked_fill(padding, -std::numeric_limits<float>::infinity());
}

torch::Tensor maskedSoftmax(const torch::Tensor &logits, const torch::Tensor &padding)
{
    // A large finite fill keeps all-padding rows finite; the multiply then zeroes them.
    auto w = torch::softmax(logits.masked_fill(padding, -1e9), -1);
    return w * padding.logical_not().to(w.dtype());
}

} // namespace recscope::core::detail

namespace recscope::sdk {

torch::Tensor CtrModel::loss(const CtrBatch &batch)
{
    return torch::nn::functional::binary_cross_entropy_with_logits(forward(batch), batch.labels);
}

} // namespace recscope::sdk
