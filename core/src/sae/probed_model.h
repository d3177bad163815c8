// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/sdk/model.h>

#include <functional>

namespace recscope::core::detail {

/// A frozen model whose hidden states pass through an edit (a sparse autoencoder's
/// reconstruction, a latent ablation) before scoring, so the ranking evaluator measures the
/// recommendations the edited states give. module() is a parameterless stand-in: the evaluator
/// switches it between eval and train, and the base model must stay in eval mode.
class ProbedModel final : public sdk::Model
{
public:
    using Edit = std::function<torch::Tensor(const torch::Tensor &)>;
    ProbedModel(sdk::Model &base, Edit edit)
        : m_base(base)
        , m_edit(std::move(edit))
    {}
    void setup(const sdk::TrainData &) override {}
    torch::nn::Module &module() override { return m_standIn; }
    bool trainable() const override { return false; }
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return m_base.scoreHiddenStates(m_edit(m_base.hiddenStates(users, history)));
    }

private:
    sdk::Model &m_base;
    Edit m_edit;
    torch::nn::Module m_standIn;
};

} // namespace recscope::core::detail
