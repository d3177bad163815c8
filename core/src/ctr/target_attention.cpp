// SPDX-License-Identifier: MIT
// Target attention over the behaviour sequence: DIN and TIN.
//
// DIN (Zhou et al., KDD 2018, Sec. 4.3 and Fig. 2): a behaviour e_i = [item ; category] is weighted
// by an activation unit a_i = MLP([e_i, v, e_i − v, e_i ⊙ v]) with PReLU (80 → 40 → 1); as in the
// public repositories (DIN's and TIN's DIN baseline) the weights are softmax-normalised over the
// behaviours after dividing by √H and masking padding. u = Σ a_i e_i → BatchNorm → Dense(H).
//
// TIN (Zhou et al., WWW 2024, "Temporal Interest Network", Sec. 4; official code zhouxy1003/TIN,
// model/tin/tin.py): three changes. Target-aware temporal encoding (Eq. 5): a position embedding
// p(·) indexed by the behaviour's position relative to the target (most recent = 1, target = 0)
// is added, ẽ_i = e_i + p(pos_i), ṽ = v + p(0). Target-aware attention (Eq. 6):
// α_i = softmax_i(⟨ẽ_i, ṽ⟩ / √H), one table serving as query, key and value. Target-aware
// representation (Eq. 7): the head reads u ⊙ ṽ. Expanding ⟨e_i + p_i, v + p_0⟩ gives the
// 4-way semantic × temporal interaction the paper is named for.
//
// Both heads read [u, v, u ⊙ v] → BatchNorm → 200 → PReLU → 80 → PReLU → 1 (DIN+ in TIN's tables).
#include "ctr/ctr_factories.h"
#include "ctr/ctr_layers.h"

#include <recscope/core/params.h>
#include <recscope/sdk/model.h>

#include <torch/nn/init.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>

#include <cmath>

namespace recscope::core::detail {

namespace {

/// Item and category tables shared by DIN and TIN: e = [item(d) ; category(d)].
struct BehaviourEmbedding
{
    torch::nn::Embedding item{nullptr}, category{nullptr};

    void build(torch::nn::Module &owner, const sdk::CtrShape &shape, std::int64_t d)
    {
        item = owner.register_module("item_emb",
                                     torch::nn::Embedding(
                                         torch::nn::EmbeddingOptions(shape.numItems + 1, d)
                                             .padding_idx(0)));
        category = owner.register_module("category_emb",
                                         torch::nn::Embedding(
                                             torch::nn::EmbeddingOptions(shape.numCategories + 1, d)
                                                 .padding_idx(0)));
        torch::NoGradGuard ng;
        for (auto *t : {&item->weight, &category->weight}) {
            torch::nn::init::normal_(*t, 0.0, 0.05);
            (*t)[0].zero_();
        }
    }
    torch::Tensor behaviours(const sdk::CtrBatch &b)
    {
        return torch::cat({item(b.history), category(b.categories)}, -1);
    } // [B,T,H]
    torch::Tensor target(const sdk::CtrBatch &b)
    {
        return torch::cat({item(b.target), category(b.targetCategory)}, -1);
    } // [B,H]
};

class TargetAttentionModel : public sdk::CtrModel
{
public:
    TargetAttentionModel(const ParamSet &p, bool temporal)
        : m_dim(p.getInt("embedding_size"))
        , m_temporal(temporal)
    {}

    void setup(const sdk::CtrShape &shape) override
    {
        const auto h = 2 * m_dim;
        m_emb.build(m_module, shape, m_dim);
        if (m_temporal)
            m_position = m_module.register_module("position_emb",
                                                  torch::nn::Embedding(shape.maxHistory + 1, h));
        else
            m_unit
                = m_module.register_module("activation_unit", makeCtrHead(4 * h, {80, 40}, false));
        m_poolNorm = m_module.register_module("pool_norm", torch::nn::BatchNorm1d(h));
        m_poolDense = m_module.register_module("pool_dense", torch::nn::Linear(h, h));
        m_head = m_module.register_module("head", makeCtrHead(3 * h));
        m_module.to(shape.device);
    }

    torch::nn::Module &module() override { return m_module; }

    torch::Tensor forward(const sdk::CtrBatch &b) override
    {
        const auto pad = b.padding();
        auto e = m_emb.behaviours(b); // [B,T,H]
        auto v = m_emb.target(b);     // [B,H]
        const auto t = e.size(1);
        const double scale = std::sqrt(double(e.size(2)));
        torch::Tensor logits;
        if (m_temporal) {
            // Right-aligned slots: column T-1 is the most recent behaviour, position 1.
            auto pos
                = torch::arange(t,
                                0,
                                -1,
                                torch::TensorOptions().dtype(torch::kInt64).device(e.device()));
            e = e + m_position(pos).unsqueeze(0);
            v = v + m_position->weight[0];
            logits = (e * v.unsqueeze(1)).sum(-1) / scale; // ⟨ẽ_i, ṽ⟩ / √H
        } else {
            auto vv = v.unsqueeze(1).expand_as(e);
            auto features = torch::cat({e, vv, e - vv, e * vv}, -1); // [B,T,4H]
            const auto b0 = features.size(0);
            logits = m_unit->forward(features.view({b0 * t, -1})).view({b0, t}) / scale;
        }
        auto weights = maskedSoftmax(logits, pad);
        m_attention.weights = weights.detach();
        m_attention.scores = maskScores(logits, pad).detach();
        auto u = (weights.unsqueeze(-1) * e).sum(1); // [B,H]
        u = m_poolDense(m_poolNorm(u));
        return m_head->forward(torch::cat({u, v, u * v}, -1)).squeeze(-1);
    }

private:
    std::int64_t m_dim;
    bool m_temporal;
    torch::nn::Module m_module;
    BehaviourEmbedding m_emb;
    torch::nn::Embedding m_position{nullptr};
    torch::nn::Sequential m_unit{nullptr}, m_head{nullptr};
    torch::nn::BatchNorm1d m_poolNorm{nullptr};
    torch::nn::Linear m_poolDense{nullptr};
};

template<bool Temporal>
class TargetAttentionFactory final : public sdk::CtrModelFactory
{
public:
    explicit TargetAttentionFactory(ModelInfo info)
        : m_info(std::move(info))
    {}
    ModelInfo info() const override { return m_info; }
    std::unique_ptr<sdk::CtrModel> create(const ParamSet &p) const override
    {
        return std::make_unique<TargetAttentionModel>(p, Temporal);
    }

private:
    ModelInfo m_info;
};

ParamSchema targetAttentionParams()
{
    ParamSchema s;
    s.add({"embedding_size",
           ParamType::Int,
           std::int64_t(32),
           2,
           1024,
           {},
           "Size of the item and of the category embedding (H = 2 × this)"});
    auto training = sdk::trainingParams(10, 256, 1e-3);
    s.merge(training);
    return s;
}

} // namespace

std::unique_ptr<sdk::CtrModelFactory> makeDinFactory()
{
    ModelInfo info{"din",
                   "DIN",
                   "Deep Interest Network: target attention with an MLP activation unit",
                   true,
                   true,
                   targetAttentionParams()};
    return std::make_unique<TargetAttentionFactory<false>>(std::move(info));
}

std::unique_ptr<sdk::CtrModelFactory> makeTinFactory()
{
    ModelInfo info{
        "tin",
        "TIN",
        "Temporal Interest Network: target-aware temporal encoding, attention and representation",
        true,
        true,
        targetAttentionParams()};
    return std::make_unique<TargetAttentionFactory<true>>(std::move(info));
}

} // namespace recscope::core::detail
