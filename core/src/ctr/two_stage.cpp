// SPDX-License-Identifier: MIT
// Two-stage long-sequence CTR models: search the top-K behaviours by attention, then aggregate
// them with the target. Three variants, as compared in the DARE paper (Feng et al., "Long-Sequence
// Recommendation Models Need Decoupled Embeddings", ICLR 2025; official code thuml/DARE,
// model/din_pytorch.py and model/attention_pytorch.py):
//
//  - "twin"      one embedding table set serves attention and representation (TWIN, SIM-soft);
//  - "twin_proj" one table set, attention through linear projections of it (the paper's
//                "TWIN w/ proj.", Sec. 3, shown to be insufficient);
//  - "dare"      two independent table sets, E^att for the search and E^rep for the
//                representation (Sec. 4); the attention size can be smaller than the
//                representation size (Sec. 5.4, the 50% faster search).
//
// Per behaviour the fields are item, category and time gap to the target (log2 bucket), each with
// its own table, concatenated. Stage 1 (search): s_i = ⟨q_sem, k_sem,i⟩/√d_sem + ⟨q_time,
// k_time,i⟩/√d_time, padding masked, top-K indices. Stage 2 (aggregation): softmax of s over the
// top-K only, u = Σ w_i r_i with r from the representation tables. Head: [r_t, u, r_t ⊙ u] →
// BatchNorm → 200 → PReLU → 80 → PReLU → 1. Auxiliary loss (on in the official scripts): the same
// features with u from a softmax over all T behaviours, through BatchNorm → 200 → PReLU → 1;
// total loss = BCE_main + BCE_aux. Initialisation N(0, 0.01) for the embeddings.
#include "ctr/ctr_factories.h"
#include "ctr/ctr_layers.h"

#include <recscope/core/error.h>
#include <recscope/core/params.h>
#include <recscope/sdk/model.h>

#include <torch/nn/functional/loss.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/embedding.h>

#include <chrono>
#include <cmath>

namespace recscope::core::detail {

namespace {

enum class Variant {
    Dare,
    Twin,
    TwinProj
};

/// Item, category and time tables of one role (attention or representation).
struct FieldTables
{
    torch::nn::Embedding item{nullptr}, category{nullptr}, time{nullptr};
    std::int64_t dim = 0;

    void build(torch::nn::Module &owner,
               const std::string &role,
               const sdk::CtrShape &shape,
               std::int64_t d)
    {
        dim = d;
        auto table = [&](const std::string &name, std::int64_t rows) {
            auto e
                = owner.register_module(role + "_" + name,
                                        torch::nn::Embedding(
                                            torch::nn::EmbeddingOptions(rows, d).padding_idx(0)));
            torch::NoGradGuard ng;
            torch::nn::init::normal_(e->weight, 0.0, 0.01);
            e->weight[0].zero_();
            return e;
        };
        item = table("item", shape.numItems + 1);
        category = table("category", shape.numCategories + 1);
        time = table("time", sdk::CtrShape::kTimeBuckets);
    }
    /// [.., 2d] semantic part and [.., d] time part.
    std::pair<torch::Tensor, torch::Tensor>
    of(const torch::Tensor &items, const torch::Tensor &cats, const torch::Tensor &times)
    {
        return {torch::cat({item(items), category(cats)}, -1), time(times)};
    }
};

class TwoStageModel final : public sdk::CtrModel
{
public:
    TwoStageModel(const ParamSet &p, Variant v)
        : m_variant(v)
        , m_repDim(p.getInt("embedding_size"))
        , m_attDim(v == Variant::Twin ? m_repDim : p.getInt("attention_size"))
        , m_topK(p.getInt("top_k"))
        , m_aux(p.getBool("aux_loss"))
    {}

    void setup(const sdk::CtrShape &shape) override
    {
        m_rep.build(m_module, "rep", shape, m_repDim);
        if (m_variant == Variant::Dare)
            m_att.build(m_module, "att", shape, m_attDim);
        if (m_variant == Variant::TwinProj) {
            m_qSem
                = m_module.register_module("q_sem", torch::nn::Linear(2 * m_repDim, 2 * m_attDim));
            m_kSem
                = m_module.register_module("k_sem", torch::nn::Linear(2 * m_repDim, 2 * m_attDim));
            m_qTime = m_module.register_module("q_time", torch::nn::Linear(m_repDim, m_attDim));
            m_kTime = m_module.register_module("k_time", torch::nn::Linear(m_repDim, m_attDim));
        }
        const auto r = 3 * m_repDim;
        m_head = m_module.register_module("head", makeCtrHead(3 * r));
        if (m_aux)
            m_auxHead = m_module.register_module("aux_head", makeCtrHead(3 * r, {200}));
        m_module.to(shape.device);
    }

    torch::nn::Module &module() override { return m_module; }

    torch::Tensor forward(const sdk::CtrBatch &b) override { return run(b).first; }

    torch::Tensor loss(const sdk::CtrBatch &b) override
    {
        auto [logit, auxLogit] = run(b);
        auto l = torch::nn::functional::binary_cross_entropy_with_logits(logit, b.labels);
        if (auxLogit.defined())
            l = l + torch::nn::functional::binary_cross_entropy_with_logits(auxLogit, b.labels);
        return l;
    }

    /// Stage 1 reads the three attention fields of every behaviour: the cost DARE's smaller
    /// attention size cuts (projections of twin_proj excluded).
    std::int64_t searchMacsPerBehaviour() const override { return 3 * m_attDim; }

private:
    /// Stage-1 scores [B, T] (padding -inf).
    torch::Tensor searchScores(const sdk::CtrBatch &b, const torch::Tensor &targetTime)
    {
        torch::Tensor qs, ks, qt, kt;
        if (m_variant == Variant::TwinProj) {
            auto [rs, rt] = m_rep.of(b.history, b.categories, b.timeBuckets);
            auto [ts, tt] = m_rep.of(b.target, b.targetCategory, targetTime);
            qs = m_qSem(ts), ks = m_kSem(rs), qt = m_qTime(tt), kt = m_kTime(rt);
        } else {
            FieldTables &att = m_variant == Variant::Dare ? m_att : m_rep;
            std::tie(ks, kt) = att.of(b.history, b.categories, b.timeBuckets);
            std::tie(qs, qt) = att.of(b.target, b.targetCategory, targetTime);
        }
        auto s = (ks * qs.unsqueeze(1)).sum(-1) / std::sqrt(double(qs.size(-1)))
                 + (kt * qt.unsqueeze(1)).sum(-1) / std::sqrt(double(qt.size(-1)));
        return maskScores(s, b.padding());
    }

    std::pair<torch::Tensor, torch::Tensor> run(const sdk::CtrBatch &b)
    {
        const auto pad = b.padding();
        // The target's own time gap is 0, which buckets to 1.
        auto targetTime = torch::ones_like(b.target);
        const auto t0
            = std::chrono::steady_clock::now();    // CPU timing; a CUDA run would need a sync
        auto scores = searchScores(b, targetTime); // [B,T]
        const auto t = scores.size(1), k = std::min<std::int64_t>(m_topK, t);
        auto top = std::get<1>(scores.detach().topk(k, -1)); // stage 1: indices only, no gradient
        m_searchSeconds
            += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // Stage 2 re-reads the scores of the retrieved slots so attention learns through them;
        // a retrieved padding slot (history shorter than K) keeps -inf and gets weight 0.
        auto topScores = scores.gather(1, top);
        auto w = maskedSoftmax(topScores, topScores.isinf());
        auto [repSem, repTime] = m_rep.of(b.history, b.categories, b.timeBuckets);
        auto rep = torch::cat({repSem, repTime}, -1); // [B,T,3d]
        auto topRep = rep.gather(1, top.unsqueeze(-1).expand({-1, -1, rep.size(2)}));
        auto u = (w.unsqueeze(-1) * topRep).sum(1);
        auto [tSem, tTime] = m_rep.of(b.target, b.targetCategory, targetTime);
        auto rt = torch::cat({tSem, tTime}, -1); // [B,3d]
        auto logit = m_head->forward(torch::cat({rt, u, rt * u}, -1)).squeeze(-1);

        m_attention.scores = scores.detach();
        m_attention.weights = torch::zeros_like(scores).scatter(1, top, w.detach());
        m_attention.topK = top;
        m_attention.representationScores
            = maskScores((rep * rt.unsqueeze(1)).sum(-1) / std::sqrt(double(rep.size(2))), pad)
                  .detach();
        torch::Tensor auxLogit;
        if (m_aux && m_module.is_training()) {
            auto all = maskedSoftmax(scores.masked_fill(pad, 0), pad);
            auto uAll = (all.unsqueeze(-1) * rep).sum(1);
            auxLogit = m_auxHead->forward(torch::cat({rt, uAll, rt * uAll}, -1)).squeeze(-1);
        }
        return {logit, auxLogit};
    }

    Variant m_variant;
    std::int64_t m_repDim, m_attDim, m_topK;
    bool m_aux;
    torch::nn::Module m_module;
    FieldTables m_rep, m_att;
    torch::nn::Linear m_qSem{nullptr}, m_kSem{nullptr}, m_qTime{nullptr}, m_kTime{nullptr};
    torch::nn::Sequential m_head{nullptr}, m_auxHead{nullptr};
};

class TwoStageFactory final : public sdk::CtrModelFactory
{
public:
    TwoStageFactory(ModelInfo info, Variant v)
        : m_info(std::move(info))
        , m_variant(v)
    {}
    ModelInfo info() const override { return m_info; }
    std::unique_ptr<sdk::CtrModel> create(const ParamSet &p) const override
    {
        return std::make_unique<TwoStageModel>(p, m_variant);
    }

private:
    ModelInfo m_info;
    Variant m_variant;
};

} // namespace

std::unique_ptr<sdk::CtrModelFactory> makeTwoStageFactory(const std::string &variant)
{
    const Variant v = variant == "dare"   ? Variant::Dare
                      : variant == "twin" ? Variant::Twin
                                          : Variant::TwinProj;
    ParamSchema s;
    s.add({"embedding_size",
           ParamType::Int,
           std::int64_t(16),
           2,
           1024,
           {},
           "Representation size per field (item, category, time)"});
    if (v != Variant::Twin)
        s.add({"attention_size",
               ParamType::Int,
               std::int64_t(16),
               1,
               1024,
               {},
               "Attention size per field; smaller makes the search cheaper (DARE Sec. 5.4)"});
    s.add({"top_k",
           ParamType::Int,
           std::int64_t(20),
           1,
           10000,
           {},
           "Behaviours the search retrieves (official: 20 of 200)"});
    s.add({"aux_loss",
           ParamType::Bool,
           true,
           0,
           0,
           {},
           "Auxiliary loss with attention over all behaviours (on in the official scripts)"});
    auto training = sdk::trainingParams(10, 256, 1e-3);
    s.merge(training);
    ModelInfo info;
    switch (v) {
    case Variant::Dare:
        info
            = {"dare",
               "DARE",
               "Decoupled attention and representation embeddings: two-stage search then aggregate",
               true,
               true,
               s};
        break;
    case Variant::Twin:
        info = {"twin",
                "TWIN",
                "Two-stage long-sequence model with one shared embedding table (DARE's baseline)",
                true,
                true,
                s};
        break;
    case Variant::TwinProj:
        info = {"twin_proj",
                "TWIN w/ proj.",
                "Shared embeddings with linear attention projections (shown insufficient by DARE)",
                true,
                true,
                s};
        break;
    }
    return std::make_unique<TwoStageFactory>(std::move(info), v);
}

} // namespace recscope::core::detail
