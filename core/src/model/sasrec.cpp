// SPDX-License-Identifier: MIT
// SASRec (Kang & McAuley, ICDM 2018), following the official code (kang205/SASRec, model.py):
// X = E[s]·sqrt(d) + P over the left-padded window of the last n items (Sec. III-B); each block
// Q = LN(X), X = Q + MHA(Q, X, X) with a causal mask (the residual adds the normalised queries,
// as the official code does), then X = LN(X), X = X + FFN(X) with ReLU and dropout (Eq. 4), pad
// positions zeroed; a final LN. Scores r_{t,i} = F_t · E_i with shared item embeddings (Eq. 6).
// Loss: binary cross-entropy on the next item vs. one uniform negative per position (Eq. 7), or
// "ce": softmax cross-entropy over all items (RecBole's default for its SASRec).
#include "model/builtin_models.h"
#include "model/sampled_softmax.h"
#include "model/sasrec_net.h"
#include "model/sequence_model.h"
#include "model/train_data.h"

#include <torch/nn/functional/loss.h>

#include <algorithm>

namespace recscope::core::detail {

namespace {

class SasRec final : public SequenceModel
{
public:
    explicit SasRec(const ParamSet &p)
        : SequenceModel(p.getInt("max_len"))
        , m_config{p.getInt("hidden_size"),
                   p.getInt("max_len"),
                   p.getInt("n_layers"),
                   p.getInt("n_heads"),
                   p.getFloat("dropout")}
        , m_loss(p.getString("loss"))
        , m_negatives(p.getInt("negatives"))
        , m_temperature(p.getFloat("temperature"))
    {}

    void build(const sdk::TrainData &data) override
    {
        m_config.numItems = data.numItems;
        m_net = std::make_shared<SasRecNet>(m_config);
        m_net->to(data.device);
    }

    torch::nn::Module &module() override { return *m_net; }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override
    {
        const auto b = examples.size(0), n = m_config.maxLen;
        const auto users = batchUsers(examples);
        // Input s[0..m-2] → targets s[1..m-1], the last n of them, left-padded with 0 (item + 1).
        const auto w = trainingBatch(users);
        auto h = m_net->forward(w.input); // [B, n, d]
        auto valid = w.target.ne(0);
        if (m_loss == "sampled_softmax")
            return sampledSoftmaxLoss(h.index({valid}),
                                      w.target.index({valid}),
                                      m_net->itemEmb->weight,
                                      m_negatives,
                                      m_temperature,
                                      rng);
        if (m_loss == "ce") {
            auto logits
                = torch::matmul(h.index({valid}), m_net->itemEmb->weight.slice(0, 1).t()); // [N, I]
            return torch::nn::functional::cross_entropy(logits, w.target.index({valid}) - 1);
        }
        // BCE: one sampled negative per valid position.
        std::vector<std::int64_t> negative(static_cast<std::size_t>(b * n), 0), owners;
        for (std::int64_t k = 0; k < b; ++k) {
            const auto u = users[std::size_t(k)];
            const std::int64_t len = std::min(n, data().sequences.count(u) - 1);
            owners.assign(static_cast<std::size_t>(len), u);
            const auto neg = sampleNegatives(data(), owners, rng);
            for (std::int64_t t = 0; t < len; ++t)
                negative[std::size_t(k * n + n - len + t)] = neg[std::size_t(t)] + 1;
        }
        auto neg = torch::tensor(negative, torch::kInt64).view({b, n}).to(data().device);
        auto posLogit = (h * m_net->itemEmb->forward(w.target)).sum(-1).index({valid});
        auto negLogit = (h * m_net->itemEmb->forward(neg)).sum(-1).index({valid});
        // -[log σ(pos) + log(1 - σ(neg))], each averaged over the valid positions (official).
        return -(torch::log_sigmoid(posLogit).mean() + torch::log_sigmoid(-negLogit).mean());
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        auto hidden = hiddenStates(users, history);
        auto items = m_net->itemEmb->weight.slice(0, 1);
        if (m_loss == "sampled_softmax")
            return {unitRows(hidden), unitRows(items)};
        return {hidden, items};
    }

    torch::Tensor scoreHiddenStates(const torch::Tensor &hidden) override
    {
        if (m_loss == "sampled_softmax") // trained on cosines, ranked by them
            return cosineScores(hidden, m_net->itemEmb->weight);
        return torch::matmul(hidden, m_net->itemEmb->weight.slice(0, 1).t()); // [B, I]
    }

    std::vector<torch::Tensor> attentionMaps(std::int64_t user,
                                             const sdk::UserItems &history) override
    {
        torch::NoGradGuard ng;
        m_net->setCapture(true);
        hiddenStates(torch::tensor({user}, torch::kInt64), history);
        m_net->setCapture(false);
        std::vector<torch::Tensor> out;
        for (const auto &w : m_net->capturedWeights())
            out.push_back(w[0].to(torch::kCPU)); // [heads, n, n]
        return out;
    }

    torch::Tensor hiddenStates(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return m_net->forward(historyBatch(users, history).input)
            .select(1, m_config.maxLen - 1); // [B, d]
    }

private:
    SasRecConfig m_config;
    std::string m_loss;
    std::int64_t m_negatives;
    double m_temperature;
    std::shared_ptr<SasRecNet> m_net;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeSasRecFactory()
{
    ParamSchema s = sasRecNetParams();
    s.add({"dropout",
           ParamType::Float,
           0.5,
           0.0,
           0.95,
           {},
           "Dropout rate (official: 0.5; 0.2 on ML-1M)"});
    s.add({"loss",
           ParamType::Choice,
           std::string("bce"),
           0,
           0,
           {"bce", "ce", "sampled_softmax"},
           "bce: one sampled negative per position (paper); ce: softmax over all items; "
           "sampled_softmax: "
           "cosine / temperature against sampled negatives (HSTU's training loss)"});
    s.add({"negatives",
           ParamType::Int,
           std::int64_t(128),
           1,
           100000,
           {},
           "Negatives per batch of the sampled_softmax loss"});
    s.add({"temperature",
           ParamType::Float,
           0.05,
           1e-4,
           10.0,
           {},
           "Temperature of the sampled_softmax loss"});
    auto training = sdk::trainingParams(200, 128, 1e-3);
    s.merge(training);
    ModelInfo info{"sasrec",
                   "SASRec",
                   "Self-attentive sequential recommendation (causal transformer)",
                   true,
                   true,
                   s};
    return std::make_unique<SimpleFactory<SasRec>>(std::move(info));
}

} // namespace recscope::core::detail
