// SPDX-License-Identifier: MIT
#pragma once

#include "ctr/ctr_data.h"

#include <recscope/core/evaluation.h>
#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <stop_token>

namespace recscope::core::detail {

/// Presents a CTR model and its samples as an sdk::Model so the shared epoch loop (early
/// stopping, checkpoints, resume, cancellation) trains it; an example is one training sample.
class RS_CORE_TEST_EXPORT CtrTrainAdapter final : public sdk::Model
{
public:
    CtrTrainAdapter(sdk::CtrModel &model, const CtrData &data)
        : m_model(model)
        , m_data(data)
    {}
    void setup(const sdk::TrainData &) override {}
    torch::nn::Module &module() override { return m_model.module(); }
    std::int64_t examplesPerEpoch() const override { return std::int64_t(m_data.train.size()); }
    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override;
    torch::Tensor score(const torch::Tensor &, const sdk::UserItems &) override;

private:
    sdk::CtrModel &m_model;
    const CtrData &m_data;
    std::vector<CtrSample> m_batch;
};

/// AUC, GAUC (grouped by user), LogLoss and the sample count over samples; with search = true
/// also the search check of the DARE paper (Sec. 5.3): over clicked samples with at least one
/// planted-relevant behaviour, precision and recall of the model's top-K search scores against
/// that relevance (SearchPrecision@K, SearchRecall@K, and SearchRPrecision: precision of the
/// top |R| for R relevant behaviours). Runs in eval mode, in batches.
RS_CORE_TEST_EXPORT MetricValues evaluateCtr(sdk::CtrModel &model,
                                             const CtrData &data,
                                             const std::vector<CtrSample> &samples,
                                             std::int64_t batchSize,
                                             bool search,
                                             std::stop_token stop = {});

} // namespace recscope::core::detail
