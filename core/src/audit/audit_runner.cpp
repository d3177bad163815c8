// SPDX-License-Identifier: MIT
// runAudit: a trained run's top-K lists for every test user, measured for consumer fairness
// (per-group accuracy with bootstrap intervals, the attribute attacker) and item-side bias.
#include "audit/attacker.h"
#include "audit/audit_internal.h"
#include "eval/ranking_evaluator.h"
#include "model/train_data.h"
#include "recscope/core/audit.h"
#include "recscope/core/error.h"
#include "recscope/core/store.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace recscope::core {

using namespace detail;

namespace {

std::vector<std::int64_t> sortedItems(std::span<const std::int64_t> items)
{
    std::vector<std::int64_t> v(items.begin(), items.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

UserLists topLists(const AuditInputs &in, int k, std::stop_token stop)
{
    UserLists out;
    for (std::int64_t u = 0; u < std::int64_t(in.data.numUsers()); ++u)
        if (in.testTargets.count(u) > 0 && in.testHistory.count(u) > 0)
            out.users.push_back(u);
    torch::NoGradGuard ng;
    constexpr std::size_t kBatch = 1024;
    const auto items = std::int64_t(in.data.numItems());
    for (std::size_t from = 0; from < out.users.size(); from += kBatch) {
        if (stop.stop_requested())
            throw Cancelled("audit");
        const auto to = std::min(out.users.size(), from + kBatch);
        const std::vector<std::int64_t> part(out.users.begin() + std::ptrdiff_t(from),
                                             out.users.begin() + std::ptrdiff_t(to));
        detail::Exclusions known;
        for (auto u : part)
            known.add(in.testHistory.of(u));
        auto top = detail::rankTopItems(in.model,
                                        torch::tensor(part, torch::kInt64).to(in.train.device),
                                        in.testHistory,
                                        known,
                                        int(std::min<std::int64_t>(k, items)))
                       .to(torch::kCPU)
                       .contiguous();
        const auto *t = top.data_ptr<std::int64_t>();
        for (std::size_t b = 0; b < part.size(); ++b) {
            out.lists.emplace_back(t + b * std::size_t(top.size(1)),
                                   t + (b + 1) * std::size_t(top.size(1)));
            out.test.push_back(sortedItems(in.testTargets.of(part[b])));
            out.train.push_back(sortedItems(in.testHistory.of(part[b])));
            const auto h = in.testHistory.of(part[b]);
            out.history.emplace_back(h.begin(), h.end());
        }
    }
    return out;
}

/// Per-user NDCG, Recall, Hit, Precision and MRR at k, as RecBole defines them.
std::map<std::string, std::vector<double>> perUserAccuracy(const UserLists &l, int k)
{
    std::map<std::string, std::vector<double>> out;
    for (std::size_t u = 0; u < l.lists.size(); ++u) {
        const auto &test = l.test[u];
        double dcg = 0, idcg = 0, hits = 0, rr = 0;
        for (std::size_t r = 0; r < l.lists[u].size(); ++r)
            if (std::binary_search(test.begin(), test.end(), l.lists[u][r])) {
                dcg += 1.0 / std::log2(double(r) + 2.0);
                hits += 1;
                if (rr == 0)
                    rr = 1.0 / double(r + 1);
            }
        for (std::size_t r = 0; r < std::min<std::size_t>(test.size(), std::size_t(k)); ++r)
            idcg += 1.0 / std::log2(double(r) + 2.0);
        const std::string at = "@" + std::to_string(k);
        out["NDCG" + at].push_back(idcg > 0 ? dcg / idcg : 0.0);
        out["Recall" + at].push_back(hits / double(test.size()));
        out["Hit" + at].push_back(hits > 0 ? 1.0 : 0.0);
        out["Precision" + at].push_back(hits / double(k));
        out["MRR" + at].push_back(rr);
    }
    return out;
}

const AttributeColumn &groupingAttribute(const Dataset &data, const std::string &name)
{
    const AttributeColumn *col
        = name.empty() ? data.sensitiveAttribute() : data.userAttribute(name);
    if (!col) {
        std::string known;
        for (const auto &c : data.userAttributes)
            known += (known.empty() ? "" : ", ") + c.name;
        throw ConfigError("audit.attribute",
                          (name.empty()
                               ? std::string("the dataset marks no sensitive user attribute")
                               : "no user attribute '" + name + "'")
                              + (known.empty() ? "; it has no user attributes"
                                               : "; it has: " + known));
    }
    if (col->numeric)
        throw ConfigError("audit.attribute",
                          "'" + col->name + "' is numeric; group by a categorical attribute");
    return *col;
}

ConsumerMetric fairnessOf(const std::string &metric,
                          const std::vector<double> &values,
                          const std::vector<std::int32_t> &group,
                          const AttributeColumn &col,
                          const AuditConfig &config,
                          std::mt19937_64 &rng)
{
    ConsumerMetric m;
    m.metric = metric;
    std::vector<std::vector<double>> byGroup(col.categories.size());
    for (std::size_t u = 0; u < values.size(); ++u)
        if (group[u] >= 0)
            byGroup[std::size_t(group[u])].push_back(values[u]);
    std::size_t best = 0, worst = 0;
    for (std::size_t g = 0; g < byGroup.size(); ++g) {
        if (byGroup[g].empty())
            continue;
        const auto ci = bootstrapMean(byGroup[g], config.bootstrap, rng);
        m.groups.push_back(
            {col.categories[g], std::int64_t(byGroup[g].size()), ci.mean, ci.low, ci.high});
        if (m.groups.size() == 1 || ci.mean > m.groups[best].mean)
            best = m.groups.size() - 1;
        if (m.groups.size() == 1 || ci.mean < m.groups[worst].mean)
            worst = m.groups.size() - 1;
    }
    if (m.groups.size() < 2)
        return m;
    m.best = m.groups[best].group;
    m.worst = m.groups[worst].group;
    auto members = [&](const std::string &name) {
        return byGroup[std::size_t(std::find(col.categories.begin(), col.categories.end(), name)
                                   - col.categories.begin())];
    };
    const auto gap = bootstrapGap(members(m.best), members(m.worst), config.bootstrap, rng);
    m.gap = gap.mean;
    m.gapLow = gap.low;
    m.gapHigh = gap.high;
    m.ratio = m.groups[best].mean > 0 ? m.groups[worst].mean / m.groups[best].mean : 0.0;
    return m;
}

} // namespace

namespace detail {

AuditReport auditModel(const AuditInputs &in, const AuditConfig &config, std::stop_token stop)
{
    config.validate();
    const AttributeColumn &col = groupingAttribute(in.data, config.attribute);
    AuditReport report;
    report.runId = in.runId;
    report.label = in.label;
    report.k = config.k;
    report.attribute = col.name;
    const UserLists lists = topLists(in, config.k, stop);
    std::vector<std::int32_t> group;
    for (auto u : lists.users)
        group.push_back(col.codes[std::size_t(u)]);
    std::mt19937_64 rng(config.seed);
    for (const auto &[metric, values] : perUserAccuracy(lists, config.k))
        report.consumer.push_back(fairnessOf(metric, values, group, col, config, rng));
    report.attacker = attributeAttacker(lists.lists,
                                        group,
                                        int(col.categories.size()),
                                        in.data.numItems(),
                                        config.attackerTrainShare,
                                        config.attackerEpochs,
                                        config.seed);
    addItemSide(in, lists, config, report);
    return report;
}

} // namespace detail

AuditReport runAudit(const Registry &registry,
                     ProjectStore &store,
                     std::int64_t runId,
                     const AuditConfig &config,
                     std::stop_token stop)
{
    config.validate();
    LoadedRun run;
    run.load(registry, store, runId);
    if (!run.model)
        throw ConfigError("run",
                          "run " + std::to_string(runId)
                              + " is a CTR run; the audit measures top-K recommendation lists");
    const AuditInputs
        in{run.data, run.train, run.testHistory, run.testTargets, *run.model, runId, run.label};
    AuditReport report = auditModel(in, config, stop);
    store.addAudit(runId, config.toJson(), report.toJson());
    return report;
}

} // namespace recscope::core
