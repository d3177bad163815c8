// SPDX-License-Identifier: MIT
// HSTU as a next-item model (Zhai et al., ICML 2024; research trainer of
// facebookresearch/generative-recommenders, configs/ml-1m/hstu-sampled-softmax-n128-final.gin):
// the left-padded window of the last n items with their timestamps goes through HSTU layers
// (model/hstu_net.h); the output at each position, L2-normalised, predicts the next item by
// sampled softmax over the cosine similarity / τ (τ = 0.05; model/sampled_softmax.h, which says
// how its negatives are simplified). Simplification: scoring uses the last history
// timestamp as the time of the predicted item (the research eval passes the target's timestamp).
#include "model/builtin_models.h"
#include "model/hstu_net.h"
#include "model/sampled_softmax.h"
#include "model/sequence_model.h"
#include "model/train_data.h"

#include <torch/nn/functional/normalization.h>

#include <algorithm>

namespace recscope::core::detail {

namespace {

namespace F = torch::nn::functional;

class Hstu final : public SequenceModel
{
public:
    explicit Hstu(const ParamSet &p)
        : SequenceModel(p.getInt("max_len"))
        , m_config{p.getInt("hidden_size"),
                   p.getInt("max_len"),
                   p.getInt("n_layers"),
                   p.getInt("n_heads"),
                   p.getInt("attention_dim"),
                   p.getInt("linear_dim"),
                   p.getFloat("dropout")}
        , m_negatives(p.getInt("negatives"))
        , m_temperature(p.getFloat("temperature"))
    {}

    void build(const sdk::TrainData &data) override
    {
        m_config.numItems = data.numItems;
        m_net = std::make_shared<HstuNet>(m_config);
        m_net->to(data.device);
    }

    torch::nn::Module &module() override { return *m_net; }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override
    {
        const auto w = trainingBatch(batchUsers(examples));
        auto h = m_net->forward(w.input, w.times, w.nextTimes); // [B,n,d]
        auto valid = w.target.ne(0);
        return sampledSoftmaxLoss(h.index({valid}),
                                  w.target.index({valid}),
                                  m_net->itemEmb->weight,
                                  m_negatives,
                                  m_temperature,
                                  rng);
    }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return cosineScores(lastHidden(users, history), m_net->itemEmb->weight);
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return {unitRows(lastHidden(users, history)), unitRows(m_net->itemEmb->weight.slice(0, 1))};
    }

    torch::Tensor scoreHiddenStates(const torch::Tensor &hidden) override
    {
        return cosineScores(hidden, m_net->itemEmb->weight);
    }

    std::vector<torch::Tensor> attentionMaps(std::int64_t user,
                                             const sdk::UserItems &history) override
    {
        torch::NoGradGuard ng;
        m_net->setCapture(true);
        lastHidden(torch::tensor({user}, torch::kInt64), history);
        m_net->setCapture(false);
        std::vector<torch::Tensor> out;
        for (const auto &l : m_net->layers)
            out.push_back(l->lastWeights[0].to(torch::kCPU)); // [heads, n, n]
        return out;
    }

    torch::Tensor hiddenStates(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return F::normalize(lastHidden(users, history), F::NormalizeFuncOptions().dim(-1));
    }

    /// Hidden state at the last position for each user, reading the last n items of history.
    torch::Tensor lastHidden(const torch::Tensor &users, const sdk::UserItems &history)
    {
        const auto w = historyBatch(users, history);
        return m_net->forward(w.input, w.times, w.nextTimes).select(1, m_config.maxLen - 1);
    }

private:
    HstuConfig m_config;
    std::int64_t m_negatives;
    double m_temperature;
    std::shared_ptr<HstuNet> m_net;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeHstuFactory()
{
    ParamSchema s;
    s.add({"hidden_size",
           ParamType::Int,
           std::int64_t(50),
           1,
           4096,
           {},
           "Embedding size d (ML-1M config: 50)"});
    s.add({"max_len",
           ParamType::Int,
           std::int64_t(200),
           2,
           8192,
           {},
           "Most recent items the model reads (N)"});
    s.add({"n_layers", ParamType::Int, std::int64_t(2), 1, 64, {}, "HSTU layers"});
    s.add({"n_heads", ParamType::Int, std::int64_t(1), 1, 64, {}, "Attention heads"});
    s.add({"attention_dim",
           ParamType::Int,
           std::int64_t(50),
           1,
           4096,
           {},
           "Query/key size per head (d_qk)"});
    s.add({"linear_dim",
           ParamType::Int,
           std::int64_t(50),
           1,
           4096,
           {},
           "Value/gate size per head (d_v)"});
    s.add({"dropout", ParamType::Float, 0.2, 0.0, 0.95, {}, "Dropout rate (ML-1M config: 0.2)"});
    s.add({"negatives",
           ParamType::Int,
           std::int64_t(128),
           1,
           100000,
           {},
           "Sampled-softmax negatives per batch (config: 128)"});
    s.add({"temperature",
           ParamType::Float,
           0.05,
           1e-4,
           10.0,
           {},
           "Softmax temperature over cosine similarities (config: 0.05)"});
    auto training = sdk::trainingParams(100, 128, 1e-3);
    s.merge(training);
    ModelInfo info{"hstu",
                   "HSTU",
                   "Hierarchical sequential transduction unit: pointwise SiLU attention with time "
                   "and position bias",
                   true,
                   true,
                   s};
    return std::make_unique<SimpleFactory<Hstu>>(std::move(info));
}

} // namespace recscope::core::detail
