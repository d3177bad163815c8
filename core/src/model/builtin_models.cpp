// SPDX-License-Identifier: MIT
#include "model/builtin_models.h"

#include "recscope/core/error.h"

namespace recscope::core::detail {

torch::Tensor historyRows(const torch::Tensor &users,
                          const sdk::UserItems &history,
                          std::int64_t numItems,
                          torch::Device device)
{
    const auto b = users.size(0);
    auto u = users.to(torch::kCPU);
    auto ua = u.accessor<std::int64_t, 1>();
    std::vector<std::int64_t> rows, cols;
    for (std::int64_t k = 0; k < b; ++k)
        for (auto i : history.of(ua[k])) {
            rows.push_back(k);
            cols.push_back(i);
        }
    auto dense = torch::zeros({b, numItems}, torch::kFloat32);
    if (!rows.empty()) {
        auto r = torch::from_blob(rows.data(), {std::int64_t(rows.size())}, torch::kInt64);
        auto c = torch::from_blob(cols.data(), {std::int64_t(cols.size())}, torch::kInt64);
        dense.index_put_({r, c}, torch::ones({std::int64_t(rows.size())}));
    }
    return dense.to(device);
}

} // namespace recscope::core::detail
