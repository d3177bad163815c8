// SPDX-License-Identifier: MIT
#include "recscope/core/error.h"
#include "recscope/core/sae.h"
#include "recscope/core/store.h"
#include "sae/sae_internal.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace recscope::core {

using namespace detail;

struct SaeLab::Private
{
    LoadedRun run;
    SaeConfig config;
    TopKSae sae{nullptr};
    std::vector<Concept> concepts;
    std::vector<std::int64_t> itemGenre;
    torch::Tensor states;          ///< [U', d] final states of users with history
    std::vector<std::int64_t> row; ///< user → row of states, -1 without history

    /// The items whose share in a top-K list tells whether the concept moved: those of the genre
    /// it is about (for genre concepts, the genre it recommends when known), or its one item.
    bool matches(const Concept &c, std::int64_t item) const
    {
        if (c.kind == "last_item" || c.kind == "rec_item")
            return item == c.subject;
        std::int64_t g = c.subject;
        if (c.kind == "prev_then_last" || c.kind == "last_then_rec")
            g = c.object;
        if (c.kind != "rec_genre" && c.kind != "last_then_rec" && c.recGenre >= 0)
            g = c.recGenre;
        return g >= 0 && itemGenre[std::size_t(item)] == g;
    }
};

SaeLab::SaeLab(const Registry &registry, const ProjectStore &store, std::int64_t saeRunId)
    : d(std::make_unique<Private>())
{
    const RunRecord rec = store.run(saeRunId);
    if (rec.model != "recsae")
        throw ConfigError("run",
                          "run " + std::to_string(saeRunId) + " (" + rec.label
                              + ") is not a RecSAE probe");
    if (rec.status != RunStatus::Finished)
        throw ConfigError("run",
                          "probe run " + std::to_string(saeRunId) + " is "
                              + runStatusName(rec.status) + ", not finished");
    const auto params = nlohmann::json::parse(rec.paramsJson);
    d->config = SaeConfig::fromJson(rec.paramsJson);
    d->run.load(registry, store, params.at("probe_run").get<std::int64_t>());
    requireHiddenStates(d->run);
    d->itemGenre = itemGenres(d->run.data);
    d->states = finalStates(*d->run.model, d->run.testHistory);
    d->sae = loadSae(savedModelFile(store, saeRunId), d->config, d->states.size(1));
    d->sae->eval();
    d->concepts = store.concepts(saeRunId);
    d->row.assign(d->run.data.numUsers(), -1);
    std::int64_t r = 0;
    for (std::int64_t u = 0; u < std::int64_t(d->run.data.numUsers()); ++u)
        if (d->run.testHistory.count(u) > 0)
            d->row[std::size_t(u)] = r++;
}

SaeLab::~SaeLab() = default;

std::int64_t SaeLab::probedRun() const
{
    return d->run.runId;
}

const std::vector<Concept> &SaeLab::concepts() const
{
    return d->concepts;
}

std::string SaeLab::itemName(std::int64_t item) const
{
    std::string name = detail::itemName(d->run.data, item);
    const auto g = item >= 0 && std::size_t(item) < d->itemGenre.size()
                       ? d->itemGenre[std::size_t(item)]
                       : -1;
    if (g >= 0
        && name.find(d->run.data.itemCategories.vocabulary[std::size_t(g)]) == std::string::npos)
        name += " [" + d->run.data.itemCategories.vocabulary[std::size_t(g)] + "]";
    return name;
}

std::string SaeLab::userId(std::int64_t user) const
{
    return user >= 0 && std::size_t(user) < d->run.data.userIds.size()
               ? d->run.data.userIds[std::size_t(user)]
               : std::string();
}

std::string SaeLab::genreName(std::int64_t genre) const
{
    const auto &names = d->run.data.itemCategories.vocabulary;
    return genre >= 0 && std::size_t(genre) < names.size() ? names[std::size_t(genre)]
                                                           : std::string();
}

std::int64_t SaeLab::findUser(const std::string &id) const
{
    const auto &ids = d->run.data.userIds;
    const auto it = std::find(ids.begin(), ids.end(), id);
    return it == ids.end() || d->row[std::size_t(it - ids.begin())] < 0
               ? -1
               : std::int64_t(it - ids.begin());
}

std::vector<std::int64_t> SaeLab::sequence(std::int64_t user, std::int64_t end) const
{
    if (user < 0 || std::size_t(user) >= d->row.size())
        return {};
    const auto items = d->run.testHistory.of(user);
    const auto n = std::clamp<std::int64_t>(end, 0, std::int64_t(items.size()));
    return {items.begin(), items.begin() + n};
}

std::vector<std::int64_t> SaeLab::mostActiveUsers(int latent, int count) const
{
    torch::NoGradGuard ng;
    if (latent < 0 || latent >= d->sae->latents())
        throw ConfigError("latent", "must be 0 to " + std::to_string(d->sae->latents() - 1));
    auto act = d->sae->encode(d->states).select(1, latent);
    auto [values, rows] = act.topk(std::min<std::int64_t>(count, act.size(0)));
    std::vector<std::int64_t> out;
    for (std::int64_t i = 0; i < rows.size(0); ++i)
        if (values[i].item<float>() > 0)
            out.push_back(std::find(d->row.begin(), d->row.end(), rows[i].item<std::int64_t>())
                          - d->row.begin());
    return out;
}

std::vector<std::int64_t> SaeLab::inactiveUsers(int latent, int count) const
{
    torch::NoGradGuard ng;
    if (latent < 0 || latent >= d->sae->latents())
        throw ConfigError("latent", "must be 0 to " + std::to_string(d->sae->latents() - 1));
    auto act = d->sae->encode(d->states).select(1, latent).contiguous();
    const float *a = act.data_ptr<float>();
    std::vector<std::int64_t> out;
    for (std::size_t u = 0; u < d->row.size() && int(out.size()) < count; ++u)
        if (d->row[u] >= 0 && a[d->row[u]] <= 0)
            out.push_back(std::int64_t(u));
    return out;
}

std::vector<int> SaeLab::sameConcept(int latent) const
{
    const Concept &c = d->concepts.at(std::size_t(latent));
    std::vector<int> out{latent};
    if (c.kind == "none")
        return out;
    for (const auto &o : d->concepts)
        if (o.latent != latent && o.kind == c.kind && o.subject == c.subject && o.object == c.object
            && o.recGenre == c.recGenre)
            out.push_back(o.latent);
    return out;
}

SteerResult SaeLab::steer(const std::vector<int> &latents,
                          double factor,
                          const std::vector<std::int64_t> &users,
                          int topK) const
{
    torch::NoGradGuard ng;
    if (latents.empty())
        throw ConfigError("latent", "name at least one latent");
    for (int latent : latents)
        if (latent < 0 || latent >= d->sae->latents())
            throw ConfigError("latent",
                              std::to_string(latent) + " is not 0 to "
                                  + std::to_string(d->sae->latents() - 1));
    const Concept &named = d->concepts.at(std::size_t(latents.front()));
    std::vector<std::int64_t> rows, valid;
    for (auto u : users)
        if (u >= 0 && std::size_t(u) < d->row.size() && d->row[std::size_t(u)] >= 0) {
            rows.push_back(d->row[std::size_t(u)]);
            valid.push_back(u);
        }
    SteerResult out;
    if (rows.empty())
        return out;
    auto h = d->states.index_select(0, torch::tensor(rows, torch::kInt64));
    auto codes = d->sae->encode(h);
    auto z = codes.select(1, latents.front()); // [B], reported per user
    // h' = h + Σ_j (z'_j − z_j)·W_dec[j]: the edit, with the autoencoder's error kept.
    auto edited = h.clone();
    for (int latent : latents) {
        const double target = factor * d->concepts.at(std::size_t(latent)).maxActivation;
        edited
            += (target - codes.select(1, latent)).unsqueeze(1) * d->sae->wDec[latent].unsqueeze(0);
    }
    auto &model = *d->run.model;
    auto rank = [&](const torch::Tensor &states) {
        auto scores = model.scoreHiddenStates(states).to(torch::kCPU).clone();
        for (std::size_t b = 0; b < valid.size(); ++b)
            for (auto item : d->run.testHistory.of(valid[b]))
                scores[std::int64_t(b)][item] = -INFINITY;
        return std::get<1>(scores.topk(std::min<std::int64_t>(topK, scores.size(1)), 1));
    };
    auto before = rank(h), after = rank(edited);
    for (std::size_t b = 0; b < valid.size(); ++b) {
        SteerRow r;
        r.user = valid[b];
        r.activation = z[std::int64_t(b)].item<float>();
        for (std::int64_t k = 0; k < before.size(1); ++k) {
            r.before.push_back(before[std::int64_t(b)][k].item<std::int64_t>());
            r.after.push_back(after[std::int64_t(b)][k].item<std::int64_t>());
        }
        auto share = [&](const std::vector<std::int64_t> &list) {
            return double(std::count_if(list.begin(),
                                        list.end(),
                                        [&](std::int64_t i) { return d->matches(named, i); }))
                   / double(list.size());
        };
        out.conceptShareBefore += share(r.before) / double(valid.size());
        out.conceptShareAfter += share(r.after) / double(valid.size());
        out.rows.push_back(std::move(r));
    }
    return out;
}

} // namespace recscope::core
