// SPDX-License-Identifier: MIT
#pragma once
// The model interface seen by core's trainer and by plugins. This header includes LibTorch:
// only core/src and plugins may include it (STYLE.md §6.2).

#include <recscope/core/dataset.h>
#include <recscope/core/extension_info.h>
#include <recscope/core/params.h>

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

namespace recscope::sdk {

/// Per-user ordered item lists in CSR form: items of user u are items[offsets[u]..offsets[u+1]).
struct UserItems
{
    std::vector<std::int64_t> offsets;
    std::vector<std::int64_t> items;
    std::vector<std::int64_t> times; ///< timestamp of each entry of items (seconds or row order)
    std::span<const std::int64_t> of(std::int64_t u) const
    {
        return {items.data() + offsets[u], items.data() + offsets[u + 1]};
    }
    std::span<const std::int64_t> timesOf(std::int64_t u) const
    {
        return {times.data() + offsets[u], times.data() + offsets[u + 1]};
    }
    std::int64_t count(std::int64_t u) const { return offsets[u + 1] - offsets[u]; }
};

/// What a model trains on: the training part of a split, on the host, plus the device.
struct RS_CORE_EXPORT TrainData
{
    const core::Dataset *dataset = nullptr;
    std::int64_t numUsers = 0;
    std::int64_t numItems = 0;
    UserItems sequences;   ///< train items per user, time order (duplicates kept)
    UserItems sortedItems; ///< the same, sorted and unique: membership and negative sampling
    torch::Device device{torch::kCPU};
    std::uint64_t seed = 0;

    bool interacted(std::int64_t u, std::int64_t i) const;
    std::int64_t numRows() const { return static_cast<std::int64_t>(sequences.items.size()); }
};

/// Which parameter values a model's derived state (propagated embeddings, normalised tables) was
/// computed from: every parameter and buffer with its version counter. Optimiser steps, the
/// trainer's best-epoch restore, checkpoint and weight loading all write the tensors in place and
/// bump the counter (and set_data() replaces the storage, whose address is stamped too), so state
/// keyed on a stamp never outlives the parameters it came from, whoever changed them.
class RS_CORE_EXPORT ParameterStamp
{
public:
    static ParameterStamp of(torch::nn::Module &module);
    bool operator==(const ParameterStamp &) const = default;

private:
    struct Entry
    {
        const void *impl, *data;
        std::int64_t version;
        bool operator==(const Entry &) const = default;
    };
    std::vector<Entry> m_tensors;
};

/// A recommender. Trainable models return a loss for a batch of example indices; every model
/// scores all items for a batch of users given each user's known history.
class RS_CORE_EXPORT Model
{
public:
    virtual ~Model() = default;

    /// Builds parameters and precomputed structures (counts, similarities, graphs).
    virtual void setup(const TrainData &data) = 0;
    /// The module that owns every parameter and buffer (checkpoints save it whole).
    virtual torch::nn::Module &module() = 0;

    virtual bool trainable() const { return true; }
    /// Examples in one epoch: rows for pairwise models, users for sequence models.
    virtual std::int64_t examplesPerEpoch() const { return 0; }
    /// Mean loss over a batch of example indices (int64 CPU tensor).
    virtual torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng);
    /// Adam's beta2 (SASRec's official code uses 0.98).
    virtual double adamBeta2() const { return 0.999; }
    /// Called after each optimiser step. State derived from parameters must not rely on it
    /// (parameters also change on restore and load): key it on a ParameterStamp instead.
    virtual void afterStep() {}

    /// Scores [B, numItems] on the model's device for users [B] (int64). history holds each
    /// user's known items in time order (train, or train + validation when testing).
    virtual torch::Tensor score(const torch::Tensor &users, const UserItems &history) = 0;

    /// Scores as an inner product, so full ranking can take the fused top-K kernel (no
    /// [B, numItems] matrix): users [B, d] and the item table [numItems, d] whose product equals
    /// score(users, history). Undefined (the default) when the model's scores are not one.
    struct ScoreFactors
    {
        torch::Tensor users, items;
    };
    virtual ScoreFactors scoreFactors(const torch::Tensor &users, const UserItems &history)
    {
        (void)users, (void)history;
        return {};
    }

    /// Sequential models: the self-attention maps of one user's window, one [heads, n, n] tensor
    /// per layer (query × key, CPU); n is the model's window, left-padded. Empty when the model
    /// has no self-attention.
    virtual std::vector<torch::Tensor> attentionMaps(std::int64_t user, const UserItems &history)
    {
        (void)user, (void)history;
        return {};
    }
    /// The representation the model scores items with, [B, d] (probing, e.g. sparse
    /// autoencoders); undefined when the model has none.
    virtual torch::Tensor hiddenStates(const torch::Tensor &users, const UserItems &history)
    {
        (void)users, (void)history;
        return {};
    }
    /// Scores [B, numItems] from hidden states shaped as hiddenStates returns them (edited ones:
    /// a sparse autoencoder's reconstruction or a steered state); undefined when the model has
    /// none. score() must equal scoreHiddenStates(hiddenStates()).
    virtual torch::Tensor scoreHiddenStates(const torch::Tensor &hidden)
    {
        (void)hidden;
        return {};
    }
};

/// Creates models of one type; one factory per model file pair, one registry line each.
class ModelFactory
{
public:
    virtual ~ModelFactory() = default;
    virtual core::ModelInfo info() const = 0;
    virtual std::unique_ptr<Model> create(const core::ParamSet &params) const = 0;
};

/// The training parameters every trainable model shares (group "training").
RS_CORE_EXPORT core::ParamSchema
trainingParams(int defaultEpochs, int defaultBatch, double defaultLr);

} // namespace recscope::sdk
