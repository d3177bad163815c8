// SPDX-License-Identifier: MIT
#include "recscope/core/split.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

namespace recscope::core {

const char *splitKindName(SplitKind kind)
{
    switch (kind) {
    case SplitKind::LeaveOneOut:
        return "leave_one_out";
    case SplitKind::UserRatio:
        return "user_ratio";
    case SplitKind::Temporal:
        return "temporal";
    case SplitKind::Files:
        return "files";
    }
    return "?";
}

SplitKind parseSplitKind(const std::string &name)
{
    for (auto k :
         {SplitKind::LeaveOneOut, SplitKind::UserRatio, SplitKind::Temporal, SplitKind::Files})
        if (name == splitKindName(k))
            return k;
    throw ConfigError("split.kind",
                      "unknown split '" + name + "' (leave_one_out, user_ratio, temporal, files)");
}

std::string Split::describe() const
{
    std::ostringstream s;
    s << train.size() << " train / " << valid.size() << " valid / " << test.size() << " test rows";
    return s.str();
}

namespace {

// Part sizes for n rows, as RecBole's Dataset._calcu_split_ids: floor for valid and test, the
// rest to train, then a part whose share rounds to zero (0 < r*n < 1) takes one row from train
// while train keeps more than one.
std::array<std::size_t, 3> partSizes(std::size_t n, const SplitConfig &c)
{
    const double r[3] = {c.trainRatio, c.validRatio, c.testRatio};
    std::array<std::size_t, 3> cnt{};
    cnt[1] = std::size_t(std::floor(r[1] * double(n)));
    cnt[2] = std::size_t(std::floor(r[2] * double(n)));
    cnt[0] = n - cnt[1] - cnt[2];
    for (int i = 2; i >= 1; --i) {
        if (cnt[0] <= 1)
            break;
        const double share = r[i] * double(n);
        if (share > 0 && share < 1) {
            ++cnt[i];
            --cnt[0];
        }
    }
    return cnt;
}

void checkRatios(const SplitConfig &c)
{
    const double sum = c.trainRatio + c.validRatio + c.testRatio;
    if (c.trainRatio <= 0 || c.validRatio < 0 || c.testRatio <= 0 || std::abs(sum - 1.0) > 1e-6)
        throw ConfigError("split.ratios",
                          "ratios must be positive (validation may be 0) and sum to 1");
}

} // namespace

Split makeSplit(const Dataset &data, const SplitConfig &config)
{
    Split split;
    if (config.kind == SplitKind::Temporal) {
        checkRatios(config);
        std::vector<std::int64_t> order(data.numInteractions());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
            return data.time[a] < data.time[b];
        });
        const auto cnt = partSizes(order.size(), config);
        split.train.assign(order.begin(), order.begin() + cnt[0]);
        split.valid.assign(order.begin() + cnt[0], order.begin() + cnt[0] + cnt[1]);
        split.test.assign(order.begin() + cnt[0] + cnt[1], order.end());
        // Group by user, time order inside, like the other splits.
        auto byUser = [&](std::vector<std::int64_t> &rows) {
            std::stable_sort(rows.begin(), rows.end(), [&](auto a, auto b) {
                return data.user[a] < data.user[b];
            });
        };
        byUser(split.train);
        byUser(split.valid);
        byUser(split.test);
        return split;
    }
    if (config.kind == SplitKind::UserRatio)
        checkRatios(config);
    const UserSequences seq = buildUserSequences(data);
    if (config.kind == SplitKind::Files) {
        if (data.part.size() != data.numInteractions())
            throw ConfigError(
                "split.kind",
                "the files split needs the dataset read from its train/valid/test files");
        std::vector<std::int64_t> *parts[3] = {&split.train, &split.valid, &split.test};
        for (auto r : seq.rows) // grouped by user, time order inside each part
            parts[std::size_t(data.part[std::size_t(r)])]->push_back(r);
        return split;
    }
    std::mt19937_64 rng(config.seed);
    for (std::size_t u = 0; u < data.numUsers(); ++u) {
        auto rows = seq.of(std::int64_t(u));
        const std::size_t n = rows.size();
        if (config.kind == SplitKind::LeaveOneOut) {
            // A user needs a training prefix plus one validation and one test item. With two
            // rows RecBole (_split_index_by_leave_one_out, legal_leave_one_num = min(2, n - 1))
            // still sends the last to test; by default we keep both in training instead.
            if (n == 2 && config.twoRowUsersToTest) {
                split.train.push_back(rows[0]);
                split.test.push_back(rows[1]);
                continue;
            }
            if (n < 3) {
                split.train.insert(split.train.end(), rows.begin(), rows.end());
                continue;
            }
            split.train.insert(split.train.end(), rows.begin(), rows.end() - 2);
            split.valid.push_back(rows[n - 2]);
            split.test.push_back(rows[n - 1]);
            continue;
        }
        std::vector<std::int64_t> order(rows.begin(), rows.end());
        if (!config.timeOrdered)
            std::shuffle(order.begin(), order.end(), rng);
        const auto cnt = partSizes(n, config);
        split.train.insert(split.train.end(), order.begin(), order.begin() + cnt[0]);
        split.valid.insert(split.valid.end(),
                           order.begin() + cnt[0],
                           order.begin() + cnt[0] + cnt[1]);
        split.test.insert(split.test.end(), order.begin() + cnt[0] + cnt[1], order.end());
    }
    return split;
}

} // namespace recscope::core
