// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <torch/types.h>

#include <random>

namespace recscope::core::detail {

/// The sampled-softmax loss of the generative-recommenders research trainer (HSTU, Zhai et al.
/// ICML 2024, and its SASRec baseline): −log softmax of the positive among R uniformly drawn
/// negatives, all logits the cosine similarity / τ of the L2-normalised hidden state and item
/// embeddings; a negative equal to the positive is masked with −5e4.
/// hidden [N, d]; positives [N] 1-based item ids; itemTable [I + 1, d] with row 0 padding.
/// Simplification: the R negatives are drawn once per call and shared by every position (the
/// research code draws R per position, which needs N·R·d memory).
RS_CORE_TEST_EXPORT torch::Tensor sampledSoftmaxLoss(const torch::Tensor &hidden,
                                                     const torch::Tensor &positives,
                                                     const torch::Tensor &itemTable,
                                                     std::int64_t negatives,
                                                     double temperature,
                                                     std::mt19937_64 &rng);

/// x with each row scaled to unit length (the cosine's factors).
torch::Tensor unitRows(const torch::Tensor &x);

/// Cosine scores of hidden [B, d] against every item (rows 1.. of itemTable) → [B, I]: the
/// ranking a sampled-softmax-trained model was trained for.
RS_CORE_TEST_EXPORT torch::Tensor cosineScores(const torch::Tensor &hidden,
                                               const torch::Tensor &itemTable);

} // namespace recscope::core::detail
