// SPDX-License-Identifier: MIT
#include "model/train_data.h"

#include <algorithm>

namespace recscope::sdk {

bool TrainData::interacted(std::int64_t u, std::int64_t i) const
{
    auto items = sortedItems.of(u);
    return std::binary_search(items.begin(), items.end(), i);
}

ParameterStamp ParameterStamp::of(torch::nn::Module &module)
{
    ParameterStamp stamp;
    // set_data() swaps the storage under the same TensorImpl and version counter: the data
    // pointer is part of the stamp too.
    auto add = [&](const std::vector<torch::Tensor> &tensors) {
        for (const auto &t : tensors)
            stamp.m_tensors.push_back({t.unsafeGetTensorImpl(),
                                       t.defined() ? t.data_ptr() : nullptr,
                                       std::int64_t(t._version())});
    };
    add(module.parameters());
    add(module.buffers());
    return stamp;
}

core::ParamSchema trainingParams(int defaultEpochs, int defaultBatch, double defaultLr)
{
    using core::ParamSpec;
    using core::ParamType;
    core::ParamSchema s;
    s.add({"epochs",
           ParamType::Int,
           std::int64_t(defaultEpochs),
           1,
           10000,
           {},
           "Maximum training epochs",
           "training"});
    s.add({"batch_size",
           ParamType::Int,
           std::int64_t(defaultBatch),
           1,
           1 << 20,
           {},
           "Examples per optimiser step",
           "training"});
    s.add({"learning_rate",
           ParamType::Float,
           defaultLr,
           1e-6,
           1.0,
           {},
           "Optimiser step size",
           "training",
           true});
    s.add({"weight_decay",
           ParamType::Float,
           0.0,
           0.0,
           1.0,
           {},
           "L2 penalty applied by the optimiser",
           "training"});
    s.add({"optimizer",
           ParamType::Choice,
           std::string("adam"),
           0,
           0,
           {"adam", "adamw"},
           "Adam or AdamW (decoupled decay)",
           "training"});
    s.add({"patience",
           ParamType::Int,
           std::int64_t(10),
           0,
           1000,
           {},
           "Stop after this many validations without improvement (0 = never stop early)",
           "training"});
    s.add({"eval_every",
           ParamType::Int,
           std::int64_t(1),
           1,
           1000,
           {},
           "Validate every N epochs",
           "training"});
    return s;
}

torch::Tensor Model::loss(const torch::Tensor &, std::mt19937_64 &)
{
    throw std::logic_error("this model has no training loss");
}

} // namespace recscope::sdk

namespace recscope::core::detail {

sdk::UserItems userItemsOf(const Dataset &data, const std::vector<std::int64_t> &rows)
{
    sdk::UserItems out;
    out.offsets.assign(data.numUsers() + 1, 0);
    for (auto r : rows)
        ++out.offsets[data.user[r] + 1];
    for (std::size_t u = 0; u < data.numUsers(); ++u)
        out.offsets[u + 1] += out.offsets[u];
    out.items.resize(rows.size());
    out.times.resize(rows.size());
    std::vector<std::int64_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
    for (auto r : rows) { // stable: keeps the row order (time order) inside each user
        const auto at = cursor[data.user[r]]++;
        out.items[at] = data.item[r];
        out.times[at] = data.time[r];
    }
    return out;
}

sdk::UserItems concatUserItems(const sdk::UserItems &a, const sdk::UserItems &b)
{
    sdk::UserItems out;
    const std::size_t users = a.offsets.size() - 1;
    out.offsets.assign(users + 1, 0);
    out.items.reserve(a.items.size() + b.items.size());
    const bool timed = a.times.size() == a.items.size() && b.times.size() == b.items.size();
    for (std::size_t u = 0; u < users; ++u) {
        auto x = a.of(std::int64_t(u)), y = b.of(std::int64_t(u));
        out.items.insert(out.items.end(), x.begin(), x.end());
        out.items.insert(out.items.end(), y.begin(), y.end());
        if (timed) {
            auto tx = a.timesOf(std::int64_t(u)), ty = b.timesOf(std::int64_t(u));
            out.times.insert(out.times.end(), tx.begin(), tx.end());
            out.times.insert(out.times.end(), ty.begin(), ty.end());
        }
        out.offsets[u + 1] = std::int64_t(out.items.size());
    }
    return out;
}

sdk::UserItems sortedUnique(const sdk::UserItems &in)
{
    sdk::UserItems out;
    const std::size_t users = in.offsets.size() - 1;
    out.offsets.assign(users + 1, 0);
    out.items.reserve(in.items.size());
    std::vector<std::int64_t> tmp;
    for (std::size_t u = 0; u < users; ++u) {
        auto x = in.of(std::int64_t(u));
        tmp.assign(x.begin(), x.end());
        std::sort(tmp.begin(), tmp.end());
        tmp.erase(std::unique(tmp.begin(), tmp.end()), tmp.end());
        out.items.insert(out.items.end(), tmp.begin(), tmp.end());
        out.offsets[u + 1] = std::int64_t(out.items.size());
    }
    return out;
}

sdk::TrainData
makeTrainData(const Dataset &data, const Split &split, torch::Device device, std::uint64_t seed)
{
    sdk::TrainData t;
    t.dataset = &data;
    t.numUsers = std::int64_t(data.numUsers());
    t.numItems = std::int64_t(data.numItems());
    t.sequences = userItemsOf(data, split.train);
    t.sortedItems = sortedUnique(t.sequences);
    t.device = device;
    t.seed = seed;
    return t;
}

std::vector<std::int64_t> sampleNegatives(const sdk::TrainData &data,
                                          std::span<const std::int64_t> users,
                                          std::mt19937_64 &rng)
{
    std::uniform_int_distribution<std::int64_t> pick(0, data.numItems - 1);
    std::vector<std::int64_t> out(users.size());
    for (std::size_t k = 0; k < users.size(); ++k) {
        std::int64_t j = pick(rng);
        for (int tries = 0; tries < 64 && data.interacted(users[k], j); ++tries)
            j = pick(rng);
        out[k] = j;
    }
    return out;
}

std::vector<std::int64_t> itemRowCounts(const sdk::TrainData &data)
{
    std::vector<std::int64_t> counts(data.numItems, 0);
    for (auto i : data.sequences.items)
        ++counts[i];
    return counts;
}

std::pair<torch::Tensor, torch::Tensor> userItemCoo(const sdk::TrainData &data)
{
    const auto nnz = std::int64_t(data.sortedItems.items.size());
    auto idx = torch::empty({2, nnz}, torch::kInt64);
    auto acc = idx.accessor<std::int64_t, 2>();
    for (std::int64_t u = 0; u < data.numUsers; ++u)
        for (auto k = data.sortedItems.offsets[u]; k < data.sortedItems.offsets[u + 1]; ++k) {
            acc[0][k] = u;
            acc[1][k] = data.sortedItems.items[k];
        }
    return {idx, torch::ones({nnz}, torch::kFloat32)};
}

} // namespace recscope::core::detail

namespace recscope::core::detail {

std::vector<std::int64_t> rowUsers(const sdk::TrainData &data)
{
    std::vector<std::int64_t> out(data.sequences.items.size());
    for (std::int64_t u = 0; u < data.numUsers; ++u)
        for (auto r = data.sequences.offsets[u]; r < data.sequences.offsets[u + 1]; ++r)
            out[r] = u;
    return out;
}

Triples sampleTriples(const sdk::TrainData &data,
                      const std::vector<std::int64_t> &rowUser,
                      const torch::Tensor &examples,
                      std::mt19937_64 &rng)
{
    const auto n = examples.size(0);
    auto ex = examples.accessor<std::int64_t, 1>();
    std::vector<std::int64_t> u(n), i(n);
    for (std::int64_t k = 0; k < n; ++k) {
        u[k] = rowUser[ex[k]];
        i[k] = data.sequences.items[ex[k]];
    }
    auto j = sampleNegatives(data, u, rng);
    auto toDevice = [&](std::vector<std::int64_t> &v) {
        return torch::tensor(v, torch::kInt64).to(data.device);
    };
    return {toDevice(u), toDevice(i), toDevice(j)};
}

} // namespace recscope::core::detail
