// SPDX-License-Identifier: MIT
#include "recscope/core/sae.h"

#include <algorithm>
#include <set>

namespace recscope::core {

PlantedRecovery recoverPlanted(const std::vector<Concept> &concepts,
                               const std::vector<std::string> &genreNames,
                               const SyntheticTruth &truth,
                               const std::vector<std::string> &truthGenreNames,
                               double confidentAt)
{
    // The probed dataset's genre ids → the generator's (the vocabulary may have been rebuilt).
    std::vector<std::int64_t> toTruth(genreNames.size(), -1);
    for (std::size_t g = 0; g < genreNames.size(); ++g) {
        const auto it = std::find(truthGenreNames.begin(), truthGenreNames.end(), genreNames[g]);
        if (it != truthGenreNames.end())
            toTruth[g] = it - truthGenreNames.begin();
    }
    auto truthOf = [&](std::int64_t g) {
        return g >= 0 && std::size_t(g) < toTruth.size() ? toTruth[std::size_t(g)] : -1;
    };
    PlantedRecovery out;
    out.genres = out.transitions = int(truth.nextGenre.size());
    out.genreConfidence.assign(truth.nextGenre.size(), 0.0);
    out.transitionConfidence.assign(truth.nextGenre.size(), 0.0);
    static const std::set<std::string> genreKinds{"last_genre",
                                                  "recent_genre",
                                                  "streak",
                                                  "rec_genre"};
    static const std::set<std::string> pairKinds{"prev_then_last", "last_then_rec"};
    for (const auto &c : concepts) {
        const auto subject = truthOf(c.subject);
        if (subject < 0)
            continue;
        auto &genreBest = out.genreConfidence[std::size_t(subject)];
        auto &transitionBest = out.transitionConfidence[std::size_t(subject)];
        const auto next = truth.nextGenre[std::size_t(subject)];
        if (genreKinds.count(c.kind)) {
            genreBest = std::max(genreBest, c.confidence);
            if (c.kind != "rec_genre" && truthOf(c.recGenre) == next)
                transitionBest = std::max(transitionBest, c.confidence);
        } else if (pairKinds.count(c.kind) && truthOf(c.object) == next) {
            transitionBest = std::max(transitionBest, c.confidence);
        }
    }
    for (std::size_t g = 0; g < truth.nextGenre.size(); ++g) {
        out.genresFound += out.genreConfidence[g] >= confidentAt;
        out.transitionsFound += out.transitionConfidence[g] >= confidentAt;
    }
    return out;
}

} // namespace recscope::core
