// SPDX-License-Identifier: MIT
#include "store/concept_json.h"

#include <recscope/core/csv.h>

#include <sstream>

namespace recscope::core {

namespace detail {

nlohmann::json conceptDetails(const Concept &c)
{
    nlohmann::json top = nlohmann::json::array();
    for (const auto &e : c.top)
        top.push_back({{"user", e.user},
                       {"end", e.end},
                       {"top_item", e.topItem},
                       {"activation", e.activation}});
    return {{"top", top},
            {"histogram_edges", c.histogramEdges},
            {"histogram_counts", c.histogramCounts},
            {"genre_share_top", c.genreShareTop},
            {"genre_share_all", c.genreShareAll}};
}

void readConceptDetails(const nlohmann::json &j, Concept &c)
{
    for (const auto &e : j.value("top", nlohmann::json::array()))
        c.top.push_back({e.at("user").get<std::int64_t>(),
                         e.at("end").get<std::int64_t>(),
                         e.at("top_item").get<std::int64_t>(),
                         e.at("activation").get<float>()});
    c.histogramEdges = j.value("histogram_edges", std::vector<double>{});
    c.histogramCounts = j.value("histogram_counts", std::vector<double>{});
    c.genreShareTop = j.value("genre_share_top", std::vector<double>{});
    c.genreShareAll = j.value("genre_share_all", std::vector<double>{});
}

} // namespace detail

std::string conceptsToJson(const std::vector<Concept> &concepts)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : concepts) {
        auto j = detail::conceptDetails(c);
        j.update({{"latent", c.latent},
                  {"kind", c.kind},
                  {"label", c.label},
                  {"subject", c.subject},
                  {"object", c.object},
                  {"rec_genre", c.recGenre},
                  {"confidence", c.confidence},
                  {"precision", c.precision},
                  {"recall", c.recall},
                  {"frequency", c.frequency},
                  {"mean_activation", c.meanActivation},
                  {"max_activation", c.maxActivation}});
        out.push_back(std::move(j));
    }
    return out.dump(1);
}

std::string conceptsToCsv(const std::vector<Concept> &concepts,
                          const std::vector<std::string> &genreNames)
{
    std::ostringstream out;
    out << "latent,kind,label,confidence,precision,recall,frequency,mean_activation,max_activation,"
           "recommended_genre\n";
    for (const auto &c : concepts) {
        const std::string rec = c.recGenre >= 0 && std::size_t(c.recGenre) < genreNames.size()
                                    ? genreNames[std::size_t(c.recGenre)]
                                    : "";
        out << c.latent << ',' << csvField(c.kind) << ',' << csvField(c.label) << ','
            << c.confidence << ',' << c.precision << ',' << c.recall << ',' << c.frequency << ','
            << c.meanActivation << ',' << c.maxActivation << ',' << csvField(rec) << '\n';
    }
    return out.str();
}

} // namespace recscope::core
