// SPDX-License-Identifier: MIT
// What a RecSAE concept can name about one probed sequence (concept_builder.h).
#include "sae/concept_builder.h"

#include <algorithm>
#include <unordered_map>

namespace recscope::core::detail {

SequenceFeatures sequenceFeatures(const sdk::UserItems &history,
                                  const ProbeSet &set,
                                  const std::vector<std::int64_t> &topItem,
                                  const std::vector<std::int64_t> &itemGenre)
{
    SequenceFeatures f;
    const auto n = set.size();
    for (auto *v : {&f.lastGenre,
                    &f.prevGenre,
                    &f.recentGenre,
                    &f.streakGenre,
                    &f.recGenre,
                    &f.lastItem,
                    &f.recItem})
        v->assign(n, -1);
    auto genre = [&](std::int64_t item) { return item >= 0 ? itemGenre[std::size_t(item)] : -1; };
    for (std::size_t s = 0; s < n; ++s) {
        const auto items = history.of(set.user[s]).first(std::size_t(set.end[s]));
        const auto len = std::int64_t(items.size());
        f.lastItem[s] = items[std::size_t(len - 1)];
        f.lastGenre[s] = genre(f.lastItem[s]);
        if (len >= 2)
            f.prevGenre[s] = genre(items[std::size_t(len - 2)]);
        if (len >= 3 && f.prevGenre[s] == f.lastGenre[s]
            && genre(items[std::size_t(len - 3)]) == f.lastGenre[s])
            f.streakGenre[s] = f.lastGenre[s];
        std::unordered_map<std::int64_t, int> recent; // genre counts over the last 5 items
        for (std::int64_t i = std::max<std::int64_t>(0, len - 5); i < len; ++i)
            if (const auto g = genre(items[std::size_t(i)]); g >= 0 && ++recent[g] >= 3)
                f.recentGenre[s] = g;
        f.recItem[s] = topItem[s];
        f.recGenre[s] = genre(topItem[s]);
    }
    return f;
}

} // namespace recscope::core::detail
