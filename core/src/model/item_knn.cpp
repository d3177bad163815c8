// SPDX-License-Identifier: MIT
// ItemKNN (Sarwar et al., WWW 2001) as RecBole configures it: cosine similarity between item
// columns of the binary user-item matrix with a shrink term, sim(i,j) = |U_i ∩ U_j| /
// (sqrt|U_i| sqrt|U_j| + shrink), keeping each target item's k most similar items;
// score(u, j) = sum over i in N_k(j) of r_ui * sim(i, j). r_u is the history the evaluator
// passes (training, plus validation when testing) or, with score_history "train", the training
// rows only, as RecBole's full_sort_predict reads its training interaction matrix.
#include "model/builtin_models.h"
#include "model/train_data.h"

#include <algorithm>

namespace recscope::core::detail {

namespace {

class KnnModule : public torch::nn::Module
{
public:
    torch::Tensor indices; // [2, nnz] rows = target item j, cols = neighbour i
    torch::Tensor values;  // [nnz]
};

class ItemKnn final : public sdk::Model
{
public:
    explicit ItemKnn(const ParamSet &p)
        : m_k(p.getInt("k"))
        , m_shrink(p.getFloat("shrink"))
        , m_trainOnly(p.getString("score_history") == "train")
    {}

    void setup(const sdk::TrainData &data) override
    {
        m_train = &data.sequences;
        m_items = data.numItems;
        m_device = data.device;
        auto [idx, val] = userItemCoo(data);
        // R^T as sparse [I, U]; a block of R's columns as dense [U, bs] on the device.
        auto rt = torch::sparse_coo_tensor(torch::stack({idx[1], idx[0]}),
                                           val,
                                           {data.numItems, data.numUsers})
                      .coalesce()
                      .to(m_device);
        auto norms = torch::zeros({data.numItems})
                         .index_add_(0, idx[1], val)
                         .sqrt()
                         .to(m_device); // sqrt|U_i|
        const std::int64_t users = std::max<std::int64_t>(1, data.numUsers);
        const std::int64_t block
            = std::clamp<std::int64_t>((std::int64_t(1) << 26) / users, 16, 1024);
        const std::int64_t k = std::min<std::int64_t>(m_k, m_items - 1);
        std::vector<torch::Tensor> rows, cols, vals;
        auto rDense = [&](std::int64_t from, std::int64_t to) { // [U, to-from]
            auto sel = (idx[1] >= from).logical_and(idx[1] < to);
            auto d = torch::zeros({data.numUsers, to - from});
            d.index_put_({idx[0].index({sel}), idx[1].index({sel}) - from}, val.index({sel}));
            return d.to(m_device);
        };
        for (std::int64_t from = 0; from < m_items && k > 0; from += block) {
            const std::int64_t to = std::min(m_items, from + block);
            auto co = torch::mm(rt, rDense(from, to)).t(); // [bs, I]: co-occurrence of targets j
            auto denom
                = norms.slice(0, from, to).unsqueeze(1) * norms.unsqueeze(0) + m_shrink + 1e-6;
            auto sim = co / denom;
            auto diag = torch::arange(from,
                                      to,
                                      torch::TensorOptions().dtype(torch::kInt64).device(m_device));
            sim.index_put_({diag - from, diag}, 0.0f); // an item is not its own neighbour
            auto [top, arg] = sim.topk(k, 1);
            rows.push_back(diag.unsqueeze(1).expand({to - from, k}).reshape(-1));
            cols.push_back(arg.reshape(-1));
            vals.push_back(top.reshape(-1));
        }
        auto r = rows.empty() ? torch::empty({0}, torch::kInt64) : torch::cat(rows);
        auto c = cols.empty() ? torch::empty({0}, torch::kInt64) : torch::cat(cols);
        auto v = vals.empty() ? torch::empty({0}) : torch::cat(vals);
        auto keep = v > 0;
        m_module.indices
            = m_module.register_buffer("indices", torch::stack({r.index({keep}), c.index({keep})}));
        m_module.values = m_module.register_buffer("values", v.index({keep}));
    }

    torch::nn::Module &module() override { return m_module; }
    bool trainable() const override { return false; }

    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        if (auto stamp = sdk::ParameterStamp::of(m_module); !m_w.defined() || stamp != m_wStamp) {
            m_w = torch::sparse_coo_tensor(m_module.indices, m_module.values, {m_items, m_items})
                      .coalesce();
            m_wStamp = std::move(stamp);
        }
        auto h = historyRows(users, m_trainOnly ? *m_train : history, m_items, m_device); // [B, I]
        return torch::mm(m_w, h.t()).t().contiguous();                                    // [B, I]
    }

private:
    std::int64_t m_k;
    double m_shrink;
    bool m_trainOnly;
    const sdk::UserItems *m_train = nullptr;
    std::int64_t m_items = 0;
    torch::Device m_device{torch::kCPU};
    KnnModule m_module;
    torch::Tensor m_w; ///< the similarity matrix as sparse COO, derived from the buffers
    sdk::ParameterStamp m_wStamp;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makeItemKnnFactory()
{
    ParamSchema s;
    s.add({"k", ParamType::Int, std::int64_t(100), 1, 100000, {}, "Neighbours kept per item"});
    s.add({"shrink",
           ParamType::Float,
           0.0,
           0.0,
           1e6,
           {},
           "Added to the cosine denominator; damps rare co-occurrences"});
    s.add({"score_history",
           ParamType::Choice,
           std::string("train_valid"),
           0,
           0,
           {"train_valid", "train"},
           "Rows a user is scored from when testing: training + validation (default), or training "
           "only (RecBole)"});
    ModelInfo info{"itemknn",
                   "ItemKNN",
                   "Item-based nearest neighbours with cosine similarity",
                   false,
                   false,
                   s};
    return std::make_unique<SimpleFactory<ItemKnn>>(std::move(info));
}

} // namespace recscope::core::detail
