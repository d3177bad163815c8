// SPDX-License-Identifier: MIT
// Example model plugin: EASE, "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW
// 2019). With X the binary user-item matrix of the training data and λ the L2 weight, the
// closed form of Eq. (8) is
//     P = (XᵀX + λI)⁻¹,   B = I − P · diagMat(1 ⊘ diag(P))   (so B_ij = −P_ij / P_jj, B_jj = 0)
// and a user's scores are x_u · B. No epochs: setup() solves it once. The default λ = 250 is
// RecBole's reg_weight; the paper tunes λ per dataset (e.g. 500 on ML-20M).
#include <recscope/core/error.h>
#include <recscope/sdk/model.h>
#include <recscope/sdk/plugin.h>

#include <torch/nn/module.h>

#include <algorithm>

namespace {

using recscope::core::ParamSet;
using recscope::sdk::TrainData;
using recscope::sdk::UserItems;

/// Binary rows [users.size(), numItems] of the users' items, dense.
torch::Tensor
binaryRows(std::span<const std::int64_t> users, const UserItems &items, std::int64_t numItems)
{
    auto rows = torch::zeros({std::int64_t(users.size()), numItems});
    auto r = rows.accessor<float, 2>();
    for (std::size_t k = 0; k < users.size(); ++k)
        for (auto i : items.of(users[k]))
            r[std::int64_t(k)][i] = 1.0f;
    return rows;
}

/// The same rows as a sparse COO matrix: a user holds tens of items out of thousands, so
/// products with X cost nnz · I instead of users · I · I multiply-adds.
torch::Tensor sparseRows(std::span<const std::int64_t> users,
                         const UserItems &items,
                         std::int64_t numItems,
                         torch::Dtype dtype)
{
    std::vector<std::int64_t> rowIds, itemIds;
    for (std::size_t k = 0; k < users.size(); ++k)
        for (auto i : items.of(users[k])) {
            rowIds.push_back(std::int64_t(k));
            itemIds.push_back(i);
        }
    const auto nnz = std::int64_t(rowIds.size());
    auto indices = torch::stack({torch::tensor(rowIds, torch::kInt64),
                                 torch::tensor(itemIds, torch::kInt64)})
                       .reshape({2, nnz});
    const auto shape = std::vector<std::int64_t>{std::int64_t(users.size()), numItems};
    auto summed = torch::sparse_coo_tensor(indices, torch::ones({nnz}, dtype), shape).coalesce();
    return torch::sparse_coo_tensor(summed.indices(),
                                    torch::ones_like(summed.values()),
                                    shape); // binary: a repeat counts once
}

class EaseModule : public torch::nn::Module
{
public:
    torch::Tensor weights; // B [I, I]
};

class Ease final : public recscope::sdk::Model
{
public:
    explicit Ease(const ParamSet &p)
        : m_lambda(p.getFloat("reg"))
    {}

    void setup(const TrainData &data) override
    {
        // B is dense [I, I]; beyond this the Gram matrix and its inverse no longer fit a
        // workstation.
        constexpr std::int64_t maxItems = 30000;
        if (data.numItems > maxItems)
            throw recscope::ModelError(
                "EASE needs two dense items x items matrices; " + std::to_string(data.numItems)
                + " items would take "
                + std::to_string(data.numItems * data.numItems * 16 / (1 << 30)) + " GiB (at most "
                + std::to_string(maxItems) + " items)");
        m_items = data.numItems;
        m_device = data.device;
        // G = XᵀX accumulated over blocks of users in double precision (the inverse needs it),
        // each block as sparse Xᵀ times dense X.
        auto gram = torch::zeros({m_items, m_items}, torch::kFloat64);
        std::vector<std::int64_t> block;
        for (std::int64_t u = 0; u < data.numUsers; u += 2048) {
            block.clear();
            for (std::int64_t v = u; v < std::min(data.numUsers, u + 2048); ++v)
                block.push_back(v);
            auto dense = binaryRows(block, data.sortedItems, m_items).to(torch::kFloat64);
            gram.add_(torch::mm(sparseRows(block, data.sortedItems, m_items, torch::kFloat64).t(),
                                dense));
        }
        gram.diagonal().add_(m_lambda);
        // XᵀX + λI is symmetric positive definite: invert through its Cholesky factor, about half
        // the work of a general inverse.
        // Each I×I matrix is dropped as soon as the next exists (12,000 items: 1.15 GB apiece).
        auto factor = torch::linalg_cholesky(gram);
        gram = torch::Tensor();
        auto b = torch::cholesky_inverse(factor); // P
        factor = torch::Tensor();
        const auto diagonal = b.diagonal().clone();
        b.div_(diagonal.unsqueeze(0)).neg_(); // B_ij = −P_ij / P_jj
        b.diagonal().zero_();
        m_module.weights = m_module.register_buffer("weights", b.to(torch::kFloat32).to(m_device));
    }

    torch::nn::Module &module() override { return m_module; }
    bool trainable() const override { return false; }

    torch::Tensor score(const torch::Tensor &users, const UserItems &history) override
    {
        auto u = users.to(torch::kCPU).contiguous();
        std::span<const std::int64_t> ids(u.data_ptr<std::int64_t>(), std::size_t(u.size(0)));
        // CSR: LibTorch hands CSR × dense to MKL's sparse BLAS on the CPU (COO takes a slow path).
        auto x = sparseRows(ids, history, m_items, torch::kFloat32).to(m_device);
        return torch::mm(m_device.is_cpu() ? x.to_sparse_csr() : x, m_module.weights); // [B, I]
    }

private:
    double m_lambda;
    std::int64_t m_items = 0;
    torch::Device m_device{torch::kCPU};
    EaseModule m_module;
};

class EaseFactory final : public recscope::sdk::ModelFactory
{
public:
    recscope::core::ModelInfo info() const override
    {
        using recscope::core::ParamType;
        recscope::core::ParamSchema s;
        recscope::core::ParamSpec reg{"reg",
                                      ParamType::Float,
                                      250.0,
                                      1e-3,
                                      1e6,
                                      {},
                                      "L2 weight λ added to the diagonal of XᵀX"};
        reg.logScale = true;
        s.add(reg);
        return {"ease",
                "EASE",
                "Closed-form item-item autoencoder with a zero diagonal (Steck 2019); plugin",
                false,
                false,
                s};
    }
    std::unique_ptr<recscope::sdk::Model> create(const ParamSet &params) const override
    {
        return std::make_unique<Ease>(params);
    }
};

void registerExtensions(recscope::core::Registry &registry)
{
    registry.add(std::make_unique<EaseFactory>());
}

} // namespace

RECSCOPE_PLUGIN("ease", registerExtensions)
