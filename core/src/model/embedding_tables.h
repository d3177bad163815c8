// SPDX-License-Identifier: MIT
#pragma once

#include <torch/nn/init.h>
#include <torch/nn/module.h>

namespace recscope::core::detail {

/// One embedding row per user and per item: the parameters of MF-style models (BPR, LightGCN).
class EmbeddingTables : public torch::nn::Module
{
public:
    enum class Init {
        XavierNormal,
        XavierUniform
    };
    EmbeddingTables(std::int64_t users, std::int64_t items, std::int64_t dim, Init init)
    {
        userEmb = register_parameter("user_emb", torch::empty({users, dim}));
        itemEmb = register_parameter("item_emb", torch::empty({items, dim}));
        for (auto *t : {&userEmb, &itemEmb})
            init == Init::XavierNormal ? torch::nn::init::xavier_normal_(*t)
                                       : torch::nn::init::xavier_uniform_(*t);
    }
    torch::Tensor userEmb, itemEmb; // [U, d], [I, d]
};

} // namespace recscope::core::detail
