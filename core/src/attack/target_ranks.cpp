// SPDX-License-Identifier: MIT
#include "attack/target_ranks.h"

#include "recscope/core/attack.h"

#include <algorithm>
#include <cmath>

namespace recscope::core::detail {

std::vector<std::vector<std::int64_t>> targetRanks(sdk::Model &model,
                                                   const sdk::TrainData &train,
                                                   const sdk::UserItems &testHistory,
                                                   const sdk::UserItems &testTargets,
                                                   const std::vector<std::int64_t> &targets,
                                                   std::int64_t realUsers,
                                                   std::stop_token stop)
{
    std::vector<std::vector<std::int64_t>> ranks(targets.size());
    std::vector<std::int64_t> users;
    for (std::int64_t u = 0;
         u < std::min<std::int64_t>(realUsers, std::int64_t(testTargets.offsets.size()) - 1);
         ++u)
        if (testTargets.count(u) > 0)
            users.push_back(u);
    torch::NoGradGuard ng;
    model.module().eval();
    constexpr std::size_t kBatch = 1024;
    auto touched = [&](std::int64_t u, std::int64_t item) {
        const auto h = testHistory.of(u), t = testTargets.of(u);
        return std::find(h.begin(), h.end(), item) != h.end()
               || std::find(t.begin(), t.end(), item) != t.end();
    };
    for (std::size_t from = 0; from < users.size() && !stop.stop_requested(); from += kBatch) {
        const std::vector<std::int64_t> part(users.begin() + std::ptrdiff_t(from),
                                             users.begin()
                                                 + std::ptrdiff_t(
                                                     std::min(users.size(), from + kBatch)));
        auto scores = model.score(torch::tensor(part, torch::kInt64).to(train.device), testHistory)
                          .to(torch::kCPU)
                          .clone();
        std::vector<std::int64_t> rows, cols;
        for (std::size_t b = 0; b < part.size(); ++b)
            for (auto i : testHistory.of(part[b])) {
                rows.push_back(std::int64_t(b));
                cols.push_back(i);
            }
        scores.index_put_({torch::tensor(rows, torch::kInt64), torch::tensor(cols, torch::kInt64)},
                          -INFINITY);
        for (std::size_t k = 0; k < targets.size(); ++k) {
            auto own = scores.select(1, targets[k]).unsqueeze(1);
            auto above = scores.gt(own).sum(1).contiguous(); // items scored higher than the target
            const auto *a = above.data_ptr<std::int64_t>();
            for (std::size_t b = 0; b < part.size(); ++b)
                if (!touched(part[b], targets[k]))
                    ranks[k].push_back(a[b] + 1);
        }
    }
    model.module().train();
    return ranks;
}

void addTargetMetrics(const std::vector<std::vector<std::int64_t>> &ranks, MetricValues &out)
{
    for (int k : {10, 20, 50}) {
        out["T-HR@" + std::to_string(k)] = targetHitRate(ranks, k);
        out["T-NDCG@" + std::to_string(k)] = targetNdcg(ranks, k);
    }
}

} // namespace recscope::core::detail
