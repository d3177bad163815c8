// SPDX-License-Identifier: MIT
// Adversarial training of BPR-MF against poisoning (research notes
// ../shared/research/algorithms-audit.md §2):
//   APR (He et al., SIGIR'18): Δ = ε · normalise_row(∂L_BPR/∂e) on the user, positive and negative
//     embeddings of each sample; L = L_BPR(e) + λ_adv · L_BPR(e + Δ), Δ held constant.
//   VAT (Zhang et al., RecSys'24; github.com/Kaike-Zhang/VAT utls/trainer.py): the same with a
//     per-user magnitude from how well the model fits the user — with L_u the summed BPR loss of
//     user u's samples in the batch and L̄ their mean over the batch's users,
//     ρ_u = λ_u · σ(L̄ / (L_u + 1e-9) − 1), so well-fitted (more vulnerable) users get larger Δ.
// Adversarial terms start after adv_start epochs (begin_adv = 5 in the VAT code), counted from
// the examples seen — an approximation after a resume. Simplification: the VAT code's 1e-4
// embedding-norm penalty is left out, as in our BPR-MF, so the three differ only in Δ.
#include "model/builtin_models.h"
#include "model/embedding_tables.h"
#include "model/train_data.h"

#include <torch/autograd.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/normalization.h>

namespace recscope::core::detail {

namespace {

namespace F = torch::nn::functional;

class AdversarialBpr final : public sdk::Model
{
public:
    AdversarialBpr(const ParamSet &p, bool vat)
        : m_vat(vat)
        , m_dim(p.getInt("embedding_size"))
        , m_epsilon(p.getFloat("epsilon"))
        , m_lambdaAdv(p.getFloat("lambda_adversarial"))
        , m_lambdaUser(vat ? p.getFloat("lambda_user") : 1.0)
        , m_startEpoch(p.getInt("adv_start"))
    {}

    void setup(const sdk::TrainData &data) override
    {
        m_data = &data;
        m_module = std::make_shared<EmbeddingTables>(data.numUsers,
                                                     data.numItems,
                                                     m_dim,
                                                     EmbeddingTables::Init::XavierNormal);
        m_module->to(data.device);
        m_rowUser = rowUsers(data);
    }

    torch::nn::Module &module() override { return *m_module; }
    std::int64_t examplesPerEpoch() const override { return m_data->numRows(); }

    torch::Tensor loss(const torch::Tensor &examples, std::mt19937_64 &rng) override
    {
        const bool adversarial
            = m_seen / std::max<std::int64_t>(1, examplesPerEpoch()) >= m_startEpoch;
        m_seen += examples.size(0);
        auto [tu, ti, tj] = sampleTriples(*m_data, m_rowUser, examples, rng);
        auto eu = m_module->userEmb.index_select(0, tu), ei = m_module->itemEmb.index_select(0, ti),
             ej = m_module->itemEmb.index_select(0, tj);
        auto perSample = F::softplus((eu * ej).sum(1) - (eu * ei).sum(1)); // −ln σ(s⁺ − s⁻)
        auto bpr = perSample.mean();
        if (!adversarial || m_lambdaAdv == 0)
            return bpr;
        auto grads = torch::autograd::grad({bpr}, {eu, ei, ej}, {}, /*retain_graph=*/true);
        auto scale = torch::full({tu.size(0), 1}, m_epsilon, eu.options());
        if (m_vat)
            scale = scale * userMagnitude(tu, perSample.detach()).unsqueeze(1);
        auto delta = [&](const torch::Tensor &g) {
            return (scale * F::normalize(g, F::NormalizeFuncOptions().dim(1))).detach();
        };
        auto au = eu + delta(grads[0]), ai = ei + delta(grads[1]), aj = ej + delta(grads[2]);
        auto adv = F::softplus((au * aj).sum(1) - (au * ai).sum(1)).mean();
        return bpr + m_lambdaAdv * adv;
    }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return torch::mm(m_module->userEmb.index_select(0, users.to(m_data->device)),
                         m_module->itemEmb.t());
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return {m_module->userEmb.index_select(0, users.to(m_data->device)), m_module->itemEmb};
    }

private:
    /// VAT's ρ per sample: λ_u σ(L̄ / (L_u + 1e-9) − 1) of the sample's user.
    torch::Tensor userMagnitude(const torch::Tensor &users, const torch::Tensor &perSample) const
    {
        auto [unique, inverse] = [&] {
            auto t = torch::_unique(users, /*sorted=*/true, /*return_inverse=*/true);
            return std::make_pair(std::get<0>(t), std::get<1>(t));
        }();
        auto perUser = torch::zeros({unique.size(0)}, perSample.options())
                           .index_add_(0, inverse, perSample); // L_u
        auto rho = m_lambdaUser * torch::sigmoid(perUser.mean() / (perUser + 1e-9) - 1.0);
        return rho.index_select(0, inverse);
    }

    bool m_vat;
    std::int64_t m_dim;
    double m_epsilon, m_lambdaAdv, m_lambdaUser;
    std::int64_t m_startEpoch;
    std::int64_t m_seen = 0;
    const sdk::TrainData *m_data = nullptr;
    std::shared_ptr<EmbeddingTables> m_module;
    std::vector<std::int64_t> m_rowUser;
};

/// A factory for one of the two variants.
class AdversarialFactory final : public sdk::ModelFactory
{
public:
    AdversarialFactory(ModelInfo info, bool vat)
        : m_info(std::move(info))
        , m_vat(vat)
    {}
    ModelInfo info() const override { return m_info; }
    std::unique_ptr<sdk::Model> create(const ParamSet &params) const override
    {
        return std::make_unique<AdversarialBpr>(params, m_vat);
    }

private:
    ModelInfo m_info;
    bool m_vat;
};

ParamSchema adversarialParams(double epsilon, bool vat)
{
    ParamSchema s;
    s.add({"embedding_size",
           ParamType::Int,
           std::int64_t(64),
           1,
           4096,
           {},
           "Latent factors per user and item"});
    s.add({"epsilon",
           ParamType::Float,
           epsilon,
           0.0,
           100.0,
           {},
           "ε: size of the adversarial perturbation"});
    s.add({"lambda_adversarial",
           ParamType::Float,
           1.0,
           0.0,
           100.0,
           {},
           "Weight of the loss on perturbed embeddings"});
    if (vat)
        s.add({"lambda_user",
               ParamType::Float,
               2.0,
               0.0,
               100.0,
               {},
               "λ_u: scale of the per-user magnitude σ(L̄/L_u − 1)"});
    s.add({"adv_start",
           ParamType::Int,
           std::int64_t(5),
           0,
           100000,
           {},
           "Epochs of plain BPR before the adversarial term (begin_adv)"});
    s.merge(sdk::trainingParams(300, 2048, 1e-3));
    return s;
}

} // namespace

std::unique_ptr<sdk::ModelFactory> makeAprFactory()
{
    ModelInfo info{"apr_bpr",
                   "APR (BPR-MF)",
                   "BPR-MF with adversarial perturbations of every embedding (adversarial "
                   "personalised ranking)",
                   false,
                   true,
                   adversarialParams(0.5, false)};
    return std::make_unique<AdversarialFactory>(std::move(info), false);
}

std::unique_ptr<sdk::ModelFactory> makeVatFactory()
{
    ModelInfo
        info{"vat_bpr",
             "VAT (BPR-MF)",
             "BPR-MF with vulnerability-aware adversarial training: per-user perturbation size",
             false,
             true,
             adversarialParams(0.5, true)};
    return std::make_unique<AdversarialFactory>(std::move(info), true);
}

} // namespace recscope::core::detail
