// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/sdk/model.h>

#include <memory>

namespace recscope::core::detail {

// One factory per model file; registerBuiltins (run/builtins.cpp) registers each with one line.
std::unique_ptr<sdk::ModelFactory> makePopFactory();
std::unique_ptr<sdk::ModelFactory> makeItemKnnFactory();
std::unique_ptr<sdk::ModelFactory> makeBprFactory();
std::unique_ptr<sdk::ModelFactory> makeFairRecBprFactory();
std::unique_ptr<sdk::ModelFactory> makeFairRecSasRecFactory();
std::unique_ptr<sdk::ModelFactory> makeAprFactory();
std::unique_ptr<sdk::ModelFactory> makeVatFactory();
std::unique_ptr<sdk::ModelFactory> makeLightGcnFactory();
std::unique_ptr<sdk::ModelFactory> makeSasRecFactory();
std::unique_ptr<sdk::ModelFactory> makeHstuFactory();
/// A factory from an info record and a creation function.
template<class M>
class SimpleFactory final : public sdk::ModelFactory
{
public:
    explicit SimpleFactory(core::ModelInfo info)
        : m_info(std::move(info))
    {}
    core::ModelInfo info() const override { return m_info; }
    std::unique_ptr<sdk::Model> create(const core::ParamSet &params) const override
    {
        return std::make_unique<M>(params);
    }

private:
    core::ModelInfo m_info;
};

/// Scores of users [B] as dense rows of the binary user-item matrix (history), [B, I].
torch::Tensor historyRows(const torch::Tensor &users,
                          const sdk::UserItems &history,
                          std::int64_t numItems,
                          torch::Device device);

} // namespace recscope::core::detail
