// SPDX-License-Identifier: MIT
// FairRec on SASRec (research notes ../shared/research/algorithms-audit.md §1: "any user encoder
// f(·): ... SASRec last hidden state"): two SASRec encoders with separate parameters, the
// bias-aware f_b and the bias-free f_d, scored against f_d's item table. Training scores every
// position with (u^b + u^d)·e over all items (softmax cross-entropy, SASRec's `ce` loss) and adds
// the FairRec terms (model/fair_terms.h) on each sequence's last position; ranking uses u^d·e
// only. Simplification: f_b reads its own input item table (the paper shares the news encoder);
// sharing one table between two registered submodules would hand it to the optimiser twice.
#include "model/builtin_models.h"
#include "model/fair_terms.h"
#include "model/sasrec_net.h"
#include "model/sequence_model.h"
#include "model/train_data.h"

#include <torch/nn/functional/loss.h>

namespace recscope::core::detail {

namespace {

struct FairSasRecModule : torch::nn::Module
{
    std::shared_ptr<SasRecNet> biasAware, biasFree;
    torch::nn::Linear predictor{nullptr}, discriminator{nullptr};
    FairSasRecModule(const SasRecConfig &c, std::int64_t classes)
    {
        biasAware = register_module("bias_aware", std::make_shared<SasRecNet>(c));
        biasFree = register_module("bias_free", std::make_shared<SasRecNet>(c));
        predictor = register_module("predictor", torch::nn::Linear(c.hidden, classes));
        discriminator = register_module("discriminator", torch::nn::Linear(c.hidden, classes));
    }
};

class FairRecSasRec final : public SequenceModel
{
public:
    explicit FairRecSasRec(const ParamSet &p)
        : SequenceModel(p.getInt("max_len"))
        , m_config{p.getInt("hidden_size"),
                   p.getInt("max_len"),
                   p.getInt("n_layers"),
                   p.getInt("n_heads"),
                   p.getFloat("dropout")}
        , m_fair(p)
    {}

    void build(const sdk::TrainData &data) override
    {
        m_config.numItems = data.numItems;
        std::int64_t classes = 0;
        m_labels = attributeLabels(data, m_fair.attribute, classes);
        m_module = std::make_shared<FairSasRecModule>(m_config, classes);
        m_module->to(data.device);
    }

    torch::nn::Module &module() override { return *m_module; }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &) override
    {
        const auto users = batchUsers(examples);
        const auto w = trainingBatch(users);
        auto b = m_module->biasAware->forward(w.input),
             d = m_module->biasFree->forward(w.input); // [B, n, d] each
        auto valid = w.target.ne(0);
        auto logits = torch::matmul((b + d).index({valid}), items().t());
        auto total = torch::nn::functional::cross_entropy(logits, w.target.index({valid}) - 1);
        auto z = m_labels.index_select(0, torch::tensor(users, torch::kInt64).to(data().device));
        const auto last
            = m_config.maxLen - 1; // each user's representation once, at the last position
        return total
               + fairnessTerms(b.select(1, last),
                               d.select(1, last),
                               z,
                               m_module->predictor,
                               m_module->discriminator,
                               m_fair);
    }

    /// The bias-free user representation: what ranking uses (and what a probe would read).
    torch::Tensor hiddenStates(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return m_module->biasFree->forward(historyBatch(users, history).input)
            .select(1, m_config.maxLen - 1);
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return {hiddenStates(users, history), items()};
    }

    torch::Tensor scoreHiddenStates(const torch::Tensor &hidden) override
    {
        return torch::matmul(hidden, items().t());
    }

private:
    torch::Tensor items() const
    {
        return m_module->biasFree->itemEmb->weight.slice(0, 1);
    } // [I, d], row 0 is padding

    SasRecConfig m_config;
    FairnessSettings m_fair;
    std::shared_ptr<FairSasRecModule> m_module;
    torch::Tensor m_labels;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeFairRecSasRecFactory()
{
    ParamSchema s = sasRecNetParams();
    s.add({"dropout", ParamType::Float, 0.2, 0.0, 0.95, {}, "Dropout rate"});
    addFairnessParams(s);
    s.merge(sdk::trainingParams(200, 128, 1e-3));
    ModelInfo info{"fairrec_sasrec",
                   "FairRec (SASRec)",
                   "SASRec with FairRec's decomposed adversarial learning: ranks with a bias-free "
                   "user representation",
                   true,
                   true,
                   s};
    return std::make_unique<SimpleFactory<FairRecSasRec>>(std::move(info));
}

} // namespace recscope::core::detail
