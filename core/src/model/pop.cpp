// SPDX-License-Identifier: MIT
// Pop: every user gets the items with the most training interactions (RecBole's Pop counts rows).
#include "model/builtin_models.h"
#include "model/train_data.h"

namespace recscope::core::detail {

namespace {

class PopModule : public torch::nn::Module
{
public:
    torch::Tensor counts; // [I]
};

class Pop final : public sdk::Model
{
public:
    explicit Pop(const ParamSet &) {}
    void setup(const sdk::TrainData &data) override
    {
        auto c = itemRowCounts(data);
        auto t = torch::from_blob(c.data(), {std::int64_t(c.size())}, torch::kInt64)
                     .to(torch::kFloat32);
        m_module.counts = m_module.register_buffer("counts", t.to(data.device));
    }
    torch::nn::Module &module() override { return m_module; }
    bool trainable() const override { return false; }
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &) override
    {
        return m_module.counts.unsqueeze(0).expand({users.size(0), -1}).clone(); // [B, I]
    }

private:
    PopModule m_module;
};

} // namespace

std::unique_ptr<sdk::ModelFactory> makePopFactory()
{
    ModelInfo info{"pop", "Pop", "Most popular items by training interactions", false, false, {}};
    return std::make_unique<SimpleFactory<Pop>>(std::move(info));
}

} // namespace recscope::core::detail
