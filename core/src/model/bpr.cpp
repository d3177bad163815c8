// SPDX-License-Identifier: MIT
// BPR-MF (Rendle et al., UAI 2009): matrix factorisation trained with the pairwise BPR loss
// -ln σ(x_ui - x_uj) over (user, positive, sampled negative) triples. Xavier-normal init and one
// uniform negative per training row, as RecBole's BPR.
#include "model/builtin_models.h"
#include "model/embedding_tables.h"
#include "model/train_data.h"

namespace recscope::core::detail {

namespace {

class Bpr final : public sdk::Model
{
public:
    explicit Bpr(const ParamSet &p)
        : m_dim(p.getInt("embedding_size"))
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
        auto [tu, ti, tj] = sampleTriples(*m_data, m_rowUser, examples, rng);
        auto eu = m_module->userEmb.index_select(0, tu); // [B, d]
        auto pos = (eu * m_module->itemEmb.index_select(0, ti)).sum(1);
        auto neg = (eu * m_module->itemEmb.index_select(0, tj)).sum(1);
        return -torch::log_sigmoid(pos - neg).mean();
    }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        auto eu = m_module->userEmb.index_select(0, users.to(m_data->device)); // [B, d]
        return torch::mm(eu, m_module->itemEmb.t());                           // [B, I]
    }

    ScoreFactors scoreFactors(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return {m_module->userEmb.index_select(0, users.to(m_data->device)), m_module->itemEmb};
    }

private:
    std::int64_t m_dim;
    const sdk::TrainData *m_data = nullptr;
    std::shared_ptr<EmbeddingTables> m_module;
    std::vector<std::int64_t> m_rowUser;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeBprFactory()
{
    ParamSchema s;
    s.add({"embedding_size",
           ParamType::Int,
           std::int64_t(64),
           1,
           4096,
           {},
           "Latent factors per user and item"});
    s.merge(sdk::trainingParams(300, 2048, 1e-3));
    ModelInfo info{"bpr",
                   "BPR-MF",
                   "Matrix factorisation with the Bayesian personalised ranking loss",
                   false,
                   true,
                   s};
    return std::make_unique<SimpleFactory<Bpr>>(std::move(info));
}

} // namespace recscope::core::detail
