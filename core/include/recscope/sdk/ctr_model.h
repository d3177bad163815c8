// SPDX-License-Identifier: MIT
#pragma once
// Click-through-rate models over long behaviour sequences (DIN, TIN, DARE): the interface seen by
// core's CTR trainer and by plugins. Includes LibTorch: only core/src and plugins include it.

#include <recscope/core/export.h>
#include <recscope/core/extension_info.h>
#include <recscope/core/params.h>

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>

namespace recscope::sdk {

/// CTR samples on the model's device. Histories are right-aligned: the most recent behaviour
/// sits in column T-1 and padding (id 0) fills the left. Ids are shifted by one so 0 is free.
struct CtrBatch
{
    torch::Tensor history;    ///< [B, T] int64 item + 1, 0 = padding
    torch::Tensor categories; ///< [B, T] int64 category + 1, 0 = padding or none
    torch::Tensor
        timeBuckets; ///< [B, T] int64 1 + ⌊log2(1 + seconds before the target)⌋, 0 = padding
    torch::Tensor target;         ///< [B] int64 item + 1
    torch::Tensor targetCategory; ///< [B] int64 category + 1
    torch::Tensor labels;         ///< [B] float 0/1
    torch::Tensor padding() const { return history.eq(0); }
};

/// Table sizes a CTR model is built for.
struct CtrShape
{
    std::int64_t numItems = 0, numCategories = 0, maxHistory = 0;
    static constexpr std::int64_t kTimeBuckets = 66; ///< 0 padding, 1..65 for gaps up to 2^64 s
    torch::Device device{torch::kCPU};
};

/// What the model attended to in its last forward pass, for the inspector and the search check.
struct CtrAttention
{
    torch::Tensor weights; ///< [B, T] aggregation weights (sum to 1 over attended behaviours)
    torch::Tensor scores;  ///< [B, T] relevance scores the model searched with (padding -inf)
    torch::Tensor topK;    ///< [B, K] indices a two-stage model retrieved; undefined otherwise
    torch::Tensor representationScores; ///< [B, T] ⟨r_i, r_t⟩/√d in the representation space
                                        ///< (two-stage models)
};

class RS_CORE_EXPORT CtrModel
{
public:
    virtual ~CtrModel() = default;
    virtual void setup(const CtrShape &shape) = 0;
    virtual torch::nn::Module &module() = 0;
    /// Click logits [B].
    virtual torch::Tensor forward(const CtrBatch &batch) = 0;
    /// Loss of a batch: BCE on the logits plus any auxiliary term (DARE's).
    virtual torch::Tensor loss(const CtrBatch &batch);
    /// The attention of the last forward call (kept detached).
    const CtrAttention &lastAttention() const { return m_attention; }
    /// Two-stage models: multiply-adds of the search (stage 1) per behaviour, and the seconds
    /// spent in it since the last reset. 0 for single-stage models.
    virtual std::int64_t searchMacsPerBehaviour() const { return 0; }
    double searchSeconds() const { return m_searchSeconds; }
    void resetSearchTimer() { m_searchSeconds = 0; }

protected:
    CtrAttention m_attention;
    double m_searchSeconds = 0;
};

class CtrModelFactory
{
public:
    virtual ~CtrModelFactory() = default;
    virtual core::ModelInfo info() const = 0;
    virtual std::unique_ptr<CtrModel> create(const core::ParamSet &params) const = 0;
};

} // namespace recscope::sdk
