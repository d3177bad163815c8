// SPDX-License-Identifier: MIT
// Ranking metrics follow RecBole's definitions (recbole/evaluator/metrics.py): binary relevance,
// NDCG's ideal DCG over min(|Te_u|, K) positions, MAP@K normalised by min(|Te_u|, K), MRR of the
// first hit inside K, Recall = hits / |Te_u|, Precision = hits / K, all averaged over users
// with at least one test item. Known items are masked except the user's own targets, as
// RecBole's full-sort loader masks used_ids minus positives.
#include "eval/ranking_evaluator.h"

#include "kernels/masked_topk.h"
#include "recscope/core/error.h"

#include <recscope/sdk/metric.h>

#include <torch/nn/functional/normalization.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <unordered_set>

namespace recscope::core::detail {

ItemFacts makeItemFacts(const sdk::TrainData &data, torch::Device device)
{
    ItemFacts f;
    std::vector<float> rows(data.numItems, 0), users(data.numItems, 0);
    for (auto i : data.sequences.items)
        rows[i] += 1;
    for (auto i : data.sortedItems.items)
        users[i] += 1;
    const float nu = float(std::max<std::int64_t>(1, data.numUsers));
    for (auto &u : users)
        u = std::max(u, 1.0f) / nu; // unseen items count as one user: the highest novelty
    f.rowCounts = torch::tensor(rows).to(device);
    f.userShare = torch::tensor(users).to(device);
    const Dataset &d = *data.dataset;
    if (d.itemCategories.entities() == d.numItems() && !d.itemCategories.vocabulary.empty()) {
        auto m = torch::zeros({data.numItems, std::int64_t(d.itemCategories.vocabulary.size())});
        auto a = m.accessor<float, 2>();
        for (std::int64_t i = 0; i < data.numItems; ++i)
            for (auto t : d.itemCategories.of(i))
                a[i][t] = 1;
        f.features
            = torch::nn::functional::normalize(m,
                                               torch::nn::functional::NormalizeFuncOptions().dim(1))
                  .to(device);
    } else if (d.contentDim > 0) {
        auto m = torch::from_blob(const_cast<float *>(d.itemContent.data()),
                                  {data.numItems, d.contentDim})
                     .clone();
        f.features
            = torch::nn::functional::normalize(m,
                                               torch::nn::functional::NormalizeFuncOptions().dim(1))
                  .to(device);
    }
    return f;
}

void accumulateAccuracy(const torch::Tensor &hits,
                        const torch::Tensor &positives,
                        const EvalConfig &config,
                        AccuracySums &out)
{
    const auto K = hits.size(1);
    auto ranks = torch::arange(1, K + 1, hits.options()); // [K]
    auto cum = hits.cumsum(1);                            // hits within top r
    auto discount = 1.0 / torch::log2(ranks + 1.0);       // 1/log2(r+1)
    auto dcg = (hits * discount).cumsum(1);               // [B, K]
    auto idealLen = torch::minimum(positives.unsqueeze(1).to(hits.dtype()),
                                   ranks.unsqueeze(0)); // min(|Te|, r)
    auto idcgTable = discount.cumsum(0);                // IDCG for 1..K positives
    auto idcg = idcgTable.index_select(0, (idealLen - 1).clamp_min(0).to(torch::kInt64).view(-1))
                    .view(idealLen.sizes());
    auto precisionAt = cum / ranks;                      // [B, K]
    auto ap = (precisionAt * hits).cumsum(1) / idealLen; // RecBole MAP
    auto firstHit = hits.argmax(1);                      // 0 when no hit
    auto anyHit = hits.sum(1) > 0;
    auto pos = positives.to(hits.dtype());
    for (const auto &m : config.metrics) {
        for (int k : config.ks) {
            const auto c = k - 1;
            torch::Tensor v;
            if (m == "Hit")
                v = (cum.select(1, c) > 0).to(hits.dtype());
            else if (m == "Recall")
                v = cum.select(1, c) / pos;
            else if (m == "Precision")
                v = cum.select(1, c) / double(k);
            else if (m == "NDCG")
                v = dcg.select(1, c) / idcg.select(1, c);
            else if (m == "MRR")
                v = torch::where(anyHit.logical_and(firstHit <= c),
                                 1.0 / (firstHit.to(hits.dtype()) + 1.0),
                                 torch::zeros_like(pos));
            else if (m == "MAP")
                v = ap.select(1, c);
            else
                continue;
            out.sums[m + "@" + std::to_string(k)] += v.sum().item<double>();
        }
    }
    out.users += hits.size(0);
}

namespace {

struct BeyondSums
{
    std::map<int, torch::Tensor> counts; // K → [I] recommendation counts
    std::map<std::string, double> sums;  // per-user means summed
};

void accumulateBeyond(const torch::Tensor &top,
                      const EvalConfig &config,
                      const ItemFacts &facts,
                      std::int64_t numItems,
                      BeyondSums &out)
{
    auto wants = [&](const char *m) {
        return std::find(config.metrics.begin(), config.metrics.end(), m) != config.metrics.end();
    };
    for (int k : config.ks) {
        auto list = top.slice(1, 0, k); // [B, k]
        const std::string at = "@" + std::to_string(k);
        auto &c = out.counts[k];
        auto binc = torch::bincount(list.reshape(-1), {}, numItems).to(torch::kFloat64);
        c = c.defined() ? c + binc : binc;
        if (wants("AveragePopularity"))
            out.sums["AveragePopularity" + at]
                += facts.rowCounts.index({list}).mean(1).sum().item<double>();
        if (wants("Novelty"))
            out.sums["Novelty" + at]
                += (-torch::log2(facts.userShare.index({list}))).mean(1).sum().item<double>();
        if (wants("IntraListDiversity") && facts.features.defined() && k > 1) {
            auto f = facts.features.index({list});          // [B, k, F]
            auto sim = torch::matmul(f, f.transpose(1, 2)); // [B, k, k]
            auto offDiag = sim.sum({1, 2}) - sim.diagonal(0, 1, 2).sum(1);
            out.sums["IntraListDiversity" + at]
                += (1.0 - offDiag / double(k * (k - 1))).sum().item<double>();
        }
    }
}

void finishBeyond(const BeyondSums &b,
                  const EvalConfig &config,
                  std::int64_t users,
                  std::int64_t numItems,
                  MetricValues &out)
{
    auto wants = [&](const char *m) {
        return std::find(config.metrics.begin(), config.metrics.end(), m) != config.metrics.end();
    };
    for (const auto &[name, sum] : b.sums)
        out[name] = sum / double(users);
    for (const auto &[k, counts] : b.counts) {
        const std::string at = "@" + std::to_string(k);
        if (wants("ItemCoverage"))
            out["ItemCoverage" + at] = (counts > 0).sum().item<double>() / double(numItems);
        if (wants("GiniIndex")) {
            // RecBole GiniIndex: the m recommended items by ascending count take ranks
            // n-m+1..n; G = sum (2 idx - n - 1) c / (users k) / n. 0 = even, → 1 = concentrated.
            auto rec = std::get<0>(counts.index({counts > 0}).sort());
            const auto m = rec.size(0), n = numItems;
            auto idx = torch::arange(n - m + 1, n + 1, rec.options());
            out["GiniIndex" + at]
                = ((2 * idx - n - 1) * rec).sum().item<double>() / (double(users) * k) / double(n);
        }
    }
}

/// Sums of the plugins' per-user metrics (recscope/sdk/metric.h) at every K.
class PluginMetricSums
{
public:
    PluginMetricSums(const EvalConfig &config, const sdk::TrainData &data)
        : m_config(config)
    {
        if (config.pluginMetrics.empty())
            return;
        m_counts.assign(std::size_t(data.numItems), 0);
        for (auto i : data.sequences.items)
            ++m_counts[std::size_t(i)];
        m_context.numItems = data.numItems;
        m_context.numTrainUsers = data.numUsers;
        m_context.itemTrainCounts = m_counts;
        for (const auto &m : config.pluginMetrics)
            for (int K : config.ks)
                m_names.push_back(m->info().name + "@"
                                  + std::to_string(K)); // metric-major, as add() walks them
        m_sums.assign(m_names.size(), 0.0);
    }

    bool wanted() const { return !m_config.pluginMetrics.empty(); }

    /// top [B, K] of the batch; relevant[k] the sorted held-out items of row k.
    void add(const torch::Tensor &top, const std::vector<std::vector<std::int64_t>> &relevant)
    {
        auto t = top.to(torch::kCPU).contiguous();
        const auto width = t.size(1);
        const std::int64_t *rows = t.data_ptr<std::int64_t>();
        for (std::size_t k = 0; k < relevant.size(); ++k) {
            std::span<const std::int64_t> ranked(rows + std::int64_t(k) * width,
                                                 std::size_t(width));
            std::size_t slot = 0;
            for (const auto &m : m_config.pluginMetrics)
                for (int K : m_config.ks)
                    m_sums[slot++] += m->user(ranked.first(std::min<std::size_t>(std::size_t(K),
                                                                                 ranked.size())),
                                              relevant[k],
                                              m_context);
        }
    }

    void finish(std::int64_t users, MetricValues &out) const
    {
        for (std::size_t k = 0; k < m_names.size(); ++k)
            out[m_names[k]] = users ? m_sums[k] / double(users) : 0.0;
    }

private:
    const EvalConfig &m_config;
    std::vector<std::int64_t> m_counts;
    sdk::MetricContext m_context;
    std::vector<std::string> m_names; ///< "F1@10", one per (metric, K)
    std::vector<double> m_sums;
};

/// One batch's items: each user's targets (sorted, distinct) and what full ranking leaves out
/// (the history minus the targets, as RecBole's full-sort loader masks).
struct BatchItems
{
    std::vector<std::vector<std::int64_t>> targets;
    Exclusions masked;
};

BatchItems batchItems(const std::vector<std::int64_t> &batch,
                      const sdk::UserItems &history,
                      const sdk::UserItems &targets,
                      bool maskHistory)
{
    BatchItems out;
    std::vector<std::int64_t> known;
    for (auto u : batch) {
        auto t = targets.of(u);
        auto &mine = out.targets.emplace_back(t.begin(), t.end());
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        known.clear();
        if (maskHistory)
            for (auto i : history.of(u))
                if (!std::binary_search(mine.begin(), mine.end(), i))
                    known.push_back(i);
        out.masked.add(known);
    }
    return out;
}

torch::Tensor onDevice(const std::vector<std::int64_t> &v, torch::Device dev)
{
    return torch::tensor(v, torch::kInt64).to(dev);
}

/// Sampled ranking's top K: each user's targets and N uniform negatives outside history and
/// targets are the only candidates.
torch::Tensor sampledTop(sdk::Model &model,
                         const torch::Tensor &users,
                         const std::vector<std::int64_t> &batch,
                         const sdk::UserItems &history,
                         const BatchItems &items,
                         const EvalConfig &config,
                         std::int64_t numItems,
                         std::mt19937_64 &rng)
{
    auto scores = model.score(users, history).to(torch::kFloat32); // [B, I]
    std::vector<std::int64_t> rows, cols;
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const auto &t = items.targets[k];
        for (auto i : t)
            rows.push_back(std::int64_t(k)), cols.push_back(i);
        auto h = history.of(batch[k]);
        std::unordered_set<std::int64_t> known(h.begin(), h.end());
        known.insert(t.begin(), t.end());
        std::uniform_int_distribution<std::int64_t> pick(0, numItems - 1);
        const std::int64_t want = std::min<std::int64_t>(config.sampledNegatives,
                                                         numItems - std::int64_t(known.size()));
        for (std::int64_t got = 0, tries = 0; got < want && tries < want * 100; ++tries) {
            const auto j = pick(rng);
            if (known.insert(j).second) {
                rows.push_back(std::int64_t(k)), cols.push_back(j);
                ++got;
            }
        }
    }
    const auto dev = scores.device();
    auto kept = torch::full_like(scores, -std::numeric_limits<float>::infinity());
    auto r = onDevice(rows, dev), c = onDevice(cols, dev);
    kept.index_put_({r, c}, scores.index({r, c}));
    return std::get<1>(kept.topk(config.maxK(), 1));
}

/// hits [B, K] (float64, CPU): whether each ranked item is one of the user's targets.
torch::Tensor hitsOf(const torch::Tensor &top, const BatchItems &items)
{
    auto ids = top.to(torch::kCPU).contiguous();
    const auto b = ids.size(0), k = ids.size(1);
    auto hits = torch::zeros({b, k}, torch::kFloat64);
    const auto *id = ids.data_ptr<std::int64_t>();
    auto *h = hits.data_ptr<double>();
    for (std::int64_t u = 0; u < b; ++u) {
        const auto &t = items.targets[std::size_t(u)];
        for (std::int64_t r = 0; r < k; ++r)
            h[u * k + r] = std::binary_search(t.begin(), t.end(), id[u * k + r]) ? 1.0 : 0.0;
    }
    return hits;
}

} // namespace

void Exclusions::add(std::span<const std::int64_t> userItems)
{
    const auto from = std::ptrdiff_t(items.size());
    items.insert(items.end(), userItems.begin(), userItems.end());
    std::sort(items.begin() + from, items.end());
    items.erase(std::unique(items.begin() + from, items.end()), items.end());
    offsets.push_back(std::int64_t(items.size()));
}

torch::Tensor rankTopItems(sdk::Model &model,
                           const torch::Tensor &users,
                           const sdk::UserItems &history,
                           const Exclusions &excluded,
                           int k)
{
    // The device is the model's (users may come on the CPU; models move them).
    torch::Tensor scores;
    if (auto f = model.scoreFactors(users, history); f.users.defined()) {
        const auto u = f.users.to(torch::kFloat32), items = f.items.to(torch::kFloat32);
        if (fusedTopKAvailable(u))
            return maskedTopK(u,
                              items,
                              onDevice(excluded.offsets, u.device()),
                              onDevice(excluded.items, u.device()),
                              k)
                .items;
        scores = torch::mm(u, items.t()); // what score() returns, without a second forward
    } else {
        scores = model.score(users, history).to(torch::kFloat32); // [B, I]
    }
    if (!excluded.items.empty()) {
        const auto dev = scores.device();
        const auto offsets = onDevice(excluded.offsets, dev);
        auto counts = offsets.slice(0, 1) - offsets.slice(0, 0, -1);
        auto rows = torch::arange(scores.size(0), offsets.options()).repeat_interleave(counts);
        scores.index_put_({rows, onDevice(excluded.items, dev)},
                          -std::numeric_limits<float>::infinity());
    }
    return std::get<1>(scores.topk(k, 1));
}

MetricValues evaluateRanking(sdk::Model &model,
                             const sdk::TrainData &data,
                             const sdk::UserItems &history,
                             const sdk::UserItems &targets,
                             const EvalConfig &config,
                             const ItemFacts &facts,
                             std::stop_token stop,
                             const std::function<void(double)> &progress)
{
    torch::NoGradGuard noGrad;
    model.module().eval();
    const auto numItems = data.numItems;
    config.checkCatalogue(numItems);
    const int maxK = config.maxK();
    std::vector<std::int64_t> users;
    for (std::int64_t u = 0; u < data.numUsers; ++u)
        if (targets.count(u) > 0)
            users.push_back(u);
    const bool sampled = config.sampledNegatives > 0;
    std::mt19937_64 rng(config.seed);
    AccuracySums acc;
    BeyondSums beyond;
    PluginMetricSums plugin(config, data);
    const auto dev = data.device;
    for (std::size_t start = 0; start < users.size(); start += std::size_t(config.userBatch)) {
        if (stop.stop_requested())
            break;
        const std::size_t end = std::min(users.size(), start + std::size_t(config.userBatch));
        std::vector<std::int64_t> batch(users.begin() + start, users.begin() + end);
        const auto items = batchItems(batch, history, targets, config.maskHistory && !sampled);
        const auto usersT = onDevice(batch, dev);
        auto top = sampled ? sampledTop(model, usersT, batch, history, items, config, numItems, rng)
                           : rankTopItems(model, usersT, history, items.masked, maxK); // [B, K]
        std::vector<std::int64_t> npos;
        for (const auto &t : items.targets)
            npos.push_back(std::int64_t(t.size()));
        accumulateAccuracy(hitsOf(top, items), torch::tensor(npos, torch::kInt64), config, acc);
        if (plugin.wanted())
            plugin.add(top, items.targets);
        if (!sampled)
            accumulateBeyond(top, config, facts, numItems, beyond);
        if (progress)
            progress(double(end) / double(users.size()));
    }
    MetricValues out;
    for (const auto &[name, sum] : acc.sums)
        out[name] = acc.users ? sum / double(acc.users) : 0.0;
    if (acc.users)
        finishBeyond(beyond, config, acc.users, numItems, out);
    plugin.finish(acc.users, out);
    out["users"] = double(acc.users);
    if (sampled)
        out["sampled_negatives"] = config.sampledNegatives;
    model.module().train();
    return out;
}

} // namespace recscope::core::detail
