// SPDX-License-Identifier: MIT
#include "attack/optimised_attack.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace recscope::core::detail {

namespace {

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

/// A BPR-MF surrogate trained by plain SGD (deterministic for a seed).
class Surrogate
{
public:
    Surrogate(std::size_t users, std::size_t items, int dim, std::mt19937_64 &rng)
        : m_dim(std::size_t(dim))
        , m_user(users * m_dim)
        , m_item(items * m_dim)
        , m_items(items)
    {
        std::normal_distribution<double> init(0.0, 0.1);
        for (auto &x : m_user)
            x = init(rng);
        for (auto &x : m_item)
            x = init(rng);
    }
    void addUser(std::mt19937_64 &rng)
    {
        std::normal_distribution<double> init(0.0, 0.1);
        for (std::size_t k = 0; k < m_dim; ++k)
            m_user.push_back(init(rng));
    }
    double score(std::size_t u, std::size_t i) const
    {
        double s = 0;
        for (std::size_t k = 0; k < m_dim; ++k)
            s += m_user[u * m_dim + k] * m_item[i * m_dim + k];
        return s;
    }
    /// One SGD step on softplus(s_un − s_up) · weight (BPR for a positive p and a negative n).
    void pairStep(std::size_t u, std::size_t p, std::size_t n, double weight, double lr, double reg)
    {
        const double g = weight * sigmoid(score(u, n) - score(u, p)); // −∂/∂(s_up − s_un)
        double *pu = &m_user[u * m_dim], *qp = &m_item[p * m_dim], *qn = &m_item[n * m_dim];
        for (std::size_t k = 0; k < m_dim; ++k) {
            const double du = g * (qp[k] - qn[k]) - reg * pu[k];
            const double dp = g * pu[k] - reg * qp[k];
            const double dn = -g * pu[k] - reg * qn[k];
            pu[k] += lr * du;
            qp[k] += lr * dp;
            qn[k] += lr * dn;
        }
    }
    std::size_t items() const { return m_items; }

private:
    std::size_t m_dim;
    std::vector<double> m_user, m_item;
    std::size_t m_items;
};

struct Interactions
{
    std::vector<std::vector<std::int64_t>> byUser; ///< sorted, unique
    std::vector<std::pair<std::size_t, std::size_t>> rows;
    bool has(std::size_t u, std::int64_t i) const
    {
        return std::binary_search(byUser[u].begin(), byUser[u].end(), i);
    }
    void add(std::size_t u, std::int64_t i)
    {
        if (u >= byUser.size())
            byUser.resize(u + 1);
        auto &v = byUser[u];
        const auto at = std::lower_bound(v.begin(), v.end(), i);
        if (at != v.end() && *at == i)
            return;
        v.insert(at, i);
        rows.emplace_back(u, std::size_t(i));
    }
};

void bprEpoch(Surrogate &m,
              const Interactions &seen,
              std::mt19937_64 &rng,
              const OptimisedAttackSettings &s)
{
    std::uniform_int_distribution<std::size_t> pickRow(0, seen.rows.size() - 1),
        pickItem(0, m.items() - 1);
    for (std::size_t step = 0; step < seen.rows.size(); ++step) {
        const auto [u, p] = seen.rows[pickRow(rng)];
        std::size_t n = pickItem(rng);
        for (int tries = 0; tries < 10 && seen.has(u, std::int64_t(n)); ++tries)
            n = pickItem(rng);
        m.pairStep(u, p, n, 1.0, s.learningRate, s.regularisation);
    }
}

/// λ·softplus(ŷ_uc − ŷ_ut) for sampled real users, c the non-target item at their K-th place.
void attackEpoch(Surrogate &m,
                 const Interactions &seen,
                 std::size_t realUsers,
                 const std::vector<std::int64_t> &targets,
                 std::mt19937_64 &rng,
                 const OptimisedAttackSettings &s)
{
    std::uniform_int_distribution<std::size_t> pickUser(0, realUsers - 1);
    std::vector<std::pair<double, std::size_t>> scored;
    for (int n = 0; n < s.attackUsers; ++n) {
        const auto u = pickUser(rng);
        scored.clear();
        for (std::size_t i = 0; i < m.items(); ++i)
            if (!seen.has(u, std::int64_t(i))
                && !std::binary_search(targets.begin(), targets.end(), std::int64_t(i)))
                scored.emplace_back(m.score(u, i), i);
        if (scored.size() < std::size_t(s.topK))
            continue;
        std::nth_element(scored.begin(),
                         scored.begin() + (s.topK - 1),
                         scored.end(),
                         std::greater<>());
        const auto competitor = scored[std::size_t(s.topK - 1)].second;
        for (auto t : targets)
            if (!seen.has(u, t))
                m.pairStep(u,
                           std::size_t(t),
                           competitor,
                           s.attackWeight,
                           s.learningRate,
                           s.regularisation);
    }
}

} // namespace

std::vector<std::vector<std::int64_t>> optimisedFillers(const Dataset &data,
                                                        const Split &split,
                                                        const std::vector<std::int64_t> &targets,
                                                        std::int64_t fakeUsers,
                                                        std::size_t fillerCount,
                                                        std::uint64_t seed,
                                                        const OptimisedAttackSettings &settings)
{
    std::mt19937_64 rng(seed);
    const std::size_t realUsers = data.numUsers(), items = data.numItems();
    Interactions seen;
    seen.byUser.resize(realUsers);
    for (auto r : split.train)
        seen.add(std::size_t(data.user[std::size_t(r)]), data.item[std::size_t(r)]);
    Surrogate model(realUsers, items, settings.dim, rng);
    for (int e = 0; e < settings.cleanEpochs; ++e)
        bprEpoch(model, seen, rng, settings);

    std::vector<double> selection(items, 1.0);
    std::vector<std::vector<std::int64_t>> out;
    const auto groups
        = std::max<std::int64_t>(1, std::min<std::int64_t>(settings.groups, fakeUsers));
    for (std::int64_t g = 0; g < groups; ++g) {
        const auto from = fakeUsers * g / groups, to = fakeUsers * (g + 1) / groups;
        for (auto f = from; f < to; ++f) { // the group joins holding only the targets
            model.addUser(rng);
            for (auto t : targets)
                seen.add(realUsers + std::size_t(f), t);
        }
        for (int e = 0; e < settings.groupEpochs; ++e) {
            bprEpoch(model, seen, rng, settings);
            attackEpoch(model, seen, realUsers, targets, rng, settings);
        }
        for (auto f = from; f < to; ++f) {
            const auto u = realUsers + std::size_t(f);
            std::vector<std::pair<double, std::int64_t>> weight;
            for (std::size_t i = 0; i < items; ++i)
                if (!std::binary_search(targets.begin(), targets.end(), std::int64_t(i)))
                    weight.emplace_back(selection[i] * sigmoid(model.score(u, i)), std::int64_t(i));
            const auto n = std::min(fillerCount, weight.size());
            std::partial_sort(weight.begin(),
                              weight.begin() + std::ptrdiff_t(n),
                              weight.end(),
                              std::greater<>());
            std::vector<std::int64_t> fillers;
            for (std::size_t k = 0; k < n; ++k) {
                fillers.push_back(weight[k].second);
                selection[std::size_t(weight[k].second)] *= settings.decay;
                seen.add(u, weight[k].second); // later groups train on the finished profile
            }
            std::sort(fillers.begin(), fillers.end());
            out.push_back(std::move(fillers));
        }
    }
    return out;
}

} // namespace recscope::core::detail
