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
#include "model/train_data.h"
#include "recscope/core/error.h"

#include <torch/nn/functional/distance.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/linear.h>

namespace recscope::core::detail {

namespace {

namespace F = torch::nn::functional;

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

/// Forward: x. Backward: −λ × the gradient (the gradient-reversal layer).
torch::Tensor reverseGradient(const torch::Tensor &x, double lambda)
{
    return (1.0 + lambda) * x.detach() - lambda * x;
}

class FairRecBpr final : public sdk::Model
{
public:
    explicit FairRecBpr(const ParamSet &p)
        : m_dim(p.getInt("embedding_size"))
        , m_attribute(p.getString("attribute"))
        , m_lambdaG(p.getFloat("lambda_attribute"))
        , m_lambdaA(p.getFloat("lambda_adversary"))
        , m_lambdaD(p.getFloat("lambda_orthogonal"))
    {}

    void setup(const sdk::TrainData &data) override
    {
        m_data = &data;
        const AttributeColumn *col = m_attribute.empty() ? data.dataset->sensitiveAttribute() : data.dataset->userAttribute(m_attribute);
        if (!col || col->numeric)
            throw ConfigError("attribute", m_attribute.empty() ? std::string("FairRec needs a sensitive user attribute and the dataset marks none")
                                                               : "no categorical user attribute '" + m_attribute + "' in the dataset");
        m_labels = torch::tensor(std::vector<std::int64_t>(col->codes.begin(), col->codes.end()), torch::kInt64).to(data.device);
        m_module = std::make_shared<FairRecModule>(data.numUsers, data.numItems, m_dim, std::int64_t(col->categories.size()));
        m_module->to(data.device);
        m_rowUser = rowUsers(data);
    }

    torch::nn::Module &module() override { return *m_module; }
    std::int64_t examplesPerEpoch() const override { return m_data->numRows(); }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override
    {
        auto [tu, ti, tj] = sampleTriples(*m_data, m_rowUser, examples, rng);
        auto ub = m_module->biasAware.index_select(0, tu), ud = m_module->biasFree.index_select(0, tu);
        auto u = ub + ud;
        auto pos = (u * m_module->items.index_select(0, ti)).sum(1), neg = (u * m_module->items.index_select(0, tj)).sum(1);
        auto total = -torch::log_sigmoid(pos - neg).mean();
        // The attribute terms average over the batch's users, each once (1/U Σ_u in the notes).
        auto users = std::get<0>(torch::_unique(tu));
        auto z = m_labels.index_select(0, users);
        auto known = z.ge(0);
        auto b = m_module->biasAware.index_select(0, users), d = m_module->biasFree.index_select(0, users);
        total = total + m_lambdaD * F::cosine_similarity(b, d, F::CosineSimilarityFuncOptions().dim(1)).abs().mean();
        if (known.any().item<bool>()) {
            auto zk = z.index({known});
            total = total + m_lambdaG * F::cross_entropy(m_module->predictor(b.index({known})), zk);
            total = total + F::cross_entropy(m_module->discriminator(reverseGradient(d.index({known}), m_lambdaA)), zk);
        }
        return total;
    }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        auto ud = m_module->biasFree.index_select(0, users.to(m_data->device)); // ranking: the bias-free part only
        return torch::mm(ud, m_module->items.t());
    }

private:
    std::int64_t m_dim;
    std::string m_attribute;
    double m_lambdaG, m_lambdaA, m_lambdaD;
    const sdk::TrainData *m_data = nullptr;
    std::shared_ptr<FairRecModule> m_module;
    torch::Tensor m_labels;
    std::vector<std::int64_t> m_rowUser;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeFairRecBprFactory()
{
    ParamSchema s;
    s.add({"embedding_size", ParamType::Int, std::int64_t(64), 1, 4096, {}, "Latent factors per user part and item"});
    s.add({"attribute", ParamType::String, std::string(), 0, 0, {}, "Categorical user attribute to remove (empty: the sensitive one)"});
    // The paper's λ values are not in the notes (unverified); these are what worked on the
    // synthetic data (README, "Audits"): a strong adversary (λ_A = 1) made the attacker's job
    // easier there, the bias-free part learning the attribute inverted.
    s.add({"lambda_attribute", ParamType::Float, 1.0, 0.0, 100.0, {}, "λ_G: weight of predicting the attribute from the bias-aware part"});
    s.add({"lambda_adversary", ParamType::Float, 0.1, 0.0, 100.0, {}, "λ_A: weight of fooling the adversary on the bias-free part"});
    s.add({"lambda_orthogonal", ParamType::Float, 0.1, 0.0, 100.0, {}, "λ_D: weight of keeping the two parts orthogonal"});
    s.merge(sdk::trainingParams(300, 2048, 1e-3));
    ModelInfo info{"fairrec_bpr", "FairRec (BPR-MF)",
                   "BPR-MF with FairRec's decomposed adversarial learning: ranks with a bias-free user embedding", false, true, s};
    return std::make_unique<SimpleFactory<FairRecBpr>>(std::move(info));
}

} // namespace recscope::core::detail
