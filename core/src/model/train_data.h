// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/core/split.h>
#include <recscope/sdk/model.h>

#include <random>

namespace recscope::core::detail {

/// Per-user item lists of the given rows, in row order (rows come grouped by user, time order).
RS_CORE_TEST_EXPORT sdk::UserItems userItemsOf(const Dataset &data,
                                               const std::vector<std::int64_t> &rows);
/// Concatenates two per-user lists (e.g. train + valid for the test phase's history).
RS_CORE_TEST_EXPORT sdk::UserItems concatUserItems(const sdk::UserItems &a,
                                                   const sdk::UserItems &b);
RS_CORE_TEST_EXPORT sdk::UserItems sortedUnique(const sdk::UserItems &in);

RS_CORE_TEST_EXPORT sdk::TrainData
makeTrainData(const Dataset &data, const Split &split, torch::Device device, std::uint64_t seed);

/// One uniform negative per user in users, never an item the user has in training
/// (rejection sampling; gives up after 64 tries on users who have seen almost everything).
std::vector<std::int64_t> sampleNegatives(const sdk::TrainData &data,
                                          std::span<const std::int64_t> users,
                                          std::mt19937_64 &rng);

/// Item interaction counts over training rows, as RecBole's count_items (duplicates counted).
std::vector<std::int64_t> itemRowCounts(const sdk::TrainData &data);

/// Sparse CSR-free helper: COO indices [2, nnz] and values of the user-item matrix
/// (unique pairs, value 1) as int64/float tensors on the CPU.
std::pair<torch::Tensor, torch::Tensor> userItemCoo(const sdk::TrainData &data);

} // namespace recscope::core::detail

namespace recscope::core::detail {

/// The user of each flattened training row (row r = sequences.items[r]).
std::vector<std::int64_t> rowUsers(const sdk::TrainData &data);

/// (user, positive, negative) index tensors on the training device for a batch of row indices.
struct Triples
{
    torch::Tensor users, positives, negatives; // [B] int64 each
};
Triples sampleTriples(const sdk::TrainData &data,
                      const std::vector<std::int64_t> &rowUser,
                      const torch::Tensor &examples,
                      std::mt19937_64 &rng);

} // namespace recscope::core::detail
