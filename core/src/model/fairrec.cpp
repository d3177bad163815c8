// SPDX-License-Identifier: MIT
// FairRec on BPR-MF (Wu et al., "Fairness-aware News Recommendation with Decomposed Adversarial
// Learning", AAAI'21; research notes ../shared/research/algorithms-audit.md §1). Each user has a
// bias-aware embedding u^b and a bias-free one u^d; items one e_i. Training scores (u^b + u^d)·e_i
// with BPR (the notes' documented substitute for the paper's softmax over T negatives), and adds
//   λ_G L_G: an attribute predictor on u^b (cross-entropy),
//   λ_D L_D: the mean |cos(u^b, u^d)| (orthogonality),
//   −λ_A L_A: an adversary predicting the attribute from u^d, which the discriminator minimises
// and the user model maximises — one pass through a gradient-reversal layer with coefficient λ_A
// (the notes' equivalent of alternating updates). Ranking uses u^d·e_i only.
#include "model/builtin_models.h"
#include "model/fair_terms.h"
#include "model/train_data.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/linear.h>

namespace recscope::core::detail {

namespace {

struct FairRecModule : torch::nn::Module
{
    torch::Tensor biasAware, biasFree, items; // [U, d], [U, d], [I, d]
    torch::nn::Linear predictor{nullptr}, discriminator{nullptr};
    FairRecModule(std::int64_t users, std::int64_t numItems, std::int64_t dim, std::int64_t classes)
    {
        biasAware = register_parameter("user_bias_aware", torch::empty({users, dim}));
        biasFree = register_parameter("user_bias_free", torch::empty({users, dim}));
        items = register_parameter("item_emb", torch::empty({numItems, dim}));
        for (auto *t : {&biasAware, &biasFree, &items})
            torch::nn::init::xavier_normal_(*t);
        predictor = register_module("predictor", torch::nn::Linear(dim, classes));
        discriminator = register_module("discriminator", torch::nn::Linear(dim, classes));
    }
};

class FairRecBpr final : public sdk::Model
{
public:
    explicit FairRecBpr(const ParamSet &p)
        : m_dim(p.getInt("embedding_size"))
        , m_fair(p)
    {}

    void setup(const sdk::TrainData &data) override
    {
        m_data = &data;
        std::int64_t classes = 0;
        m_labels = attributeLabels(data, m_fair.attribute, classes);
        m_module = std::make_shared<FairRecModule>(data.numUsers, data.numItems, m_dim, classes);
        m_module->to(data.device);
        m_rowUser = rowUsers(data);
    }

    torch::nn::Module &module() override { return *m_module; }
    std::int64_t examplesPerEpoch() const override { return m_data->numRows(); }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override
    {
        auto [tu, ti, tj] = sampleTriples(*m_data, m_rowUser, examples, rng);
        auto ub = m_module->biasAware.index_select(0, tu),
             ud = m_module->biasFree.index_select(0, tu);
        auto u = ub + ud;
        auto pos = (u * m_module->items.index_select(0, ti)).sum(1),
             neg = (u * m_module->items.index_select(0, tj)).sum(1);
        auto total = -torch::log_sigmoid(pos - neg).mean();
        // The attribute terms average over the batch's users, each once (1/U Σ_u in the notes).
        auto users = std::get<0>(torch::_unique(tu));
        auto z = m_labels.index_select(0, users);
        auto b = m_module->biasAware.index_select(0, users),
             d = m_module->biasFree.index_select(0, users);
        total
            = total + fairnessTerms(b, d, z, m_module->predictor, m_module->discriminator, m_fair);
        return total;
    }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        auto ud
            = m_module->biasFree
                  .index_select(0, users.to(m_data->device)); // ranking: the bias-free part only
        return torch::mm(ud, m_module->items.t());
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return {m_module->biasFree.index_select(0, users.to(m_data->device)), m_module->items};
    }

private:
    std::int64_t m_dim;
    FairnessSettings m_fair;
    const sdk::TrainData *m_data = nullptr;
    std::shared_ptr<FairRecModule> m_module;
    torch::Tensor m_labels;
    std::vector<std::int64_t> m_rowUser;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeFairRecBprFactory()
{
    ParamSchema s;
    s.add({"embedding_size",
           ParamType::Int,
           std::int64_t(64),
           1,
           4096,
           {},
           "Latent factors per user part and item"});
    addFairnessParams(s);
    s.merge(sdk::trainingParams(300, 2048, 1e-3));
    ModelInfo info{"fairrec_bpr",
                   "FairRec (BPR-MF)",
                   "BPR-MF with FairRec's decomposed adversarial learning: ranks with a bias-free "
                   "user embedding",
                   false,
                   true,
                   s};
    return std::make_unique<SimpleFactory<FairRecBpr>>(std::move(info));
}

} // namespace recscope::core::detail
