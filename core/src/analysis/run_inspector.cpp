// SPDX-License-Identifier: MIT
#include "analysis/loaded_run.h"
#include "recscope/core/error.h"
#include "recscope/core/experiment.h"
#include "recscope/core/inspector.h"
#include "recscope/core/registry.h"
#include "recscope/core/store.h"

#include <torch/serialize.h>

#include <algorithm>
#include <filesystem>

namespace recscope::core {

using namespace detail;

struct RunInspector::Private : LoadedRun
{};

namespace {

/// Readable time-gap buckets: hour, day, week, month, year.
constexpr std::int64_t kGapEdges[] = {3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400};
const char *const kGapLabels[]
    = {"< 1 h", "1 h – 1 d", "1 d – 1 w", "1 w – 1 mo", "1 mo – 1 y", "> 1 y"};

int gapBucket(std::int64_t seconds)
{
    int b = 0;
    while (b < 5 && seconds >= kGapEdges[b])
        ++b;
    return b;
}

} // namespace

RunInspector::RunInspector(const Registry &registry, const ProjectStore &store, std::int64_t runId)
    : d(std::make_unique<Private>())
{
    d->load(registry, store, runId);
}

RunInspector::~RunInspector() = default;

const Dataset &RunInspector::dataset() const
{
    return d->data;
}

TaskKind RunInspector::task() const
{
    return d->spec.task;
}

const std::string &RunInspector::label() const
{
    return d->label;
}

std::string RunInspector::categoryOf(std::int64_t item) const
{
    const auto &c = d->data.itemCategories;
    if (c.empty())
        return {};
    auto t = c.of(item);
    return t.empty() ? std::string() : c.vocabulary[std::size_t(t[0])];
}

std::int64_t RunInspector::findUser(const std::string &id) const
{
    const auto &ids = d->data.userIds;
    const auto it = std::find(ids.begin(), ids.end(), id);
    return it == ids.end() ? -1 : std::int64_t(it - ids.begin());
}

std::vector<std::int64_t> RunInspector::users() const
{
    std::vector<std::int64_t> out;
    if (d->ctr) {
        for (const auto &s : d->ctr->test)
            if (s.label > 0.5f)
                out.push_back(s.user);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    for (std::int64_t u = 0; u < std::int64_t(d->data.numUsers()); ++u)
        if (d->testTargets.count(u) > 0 && d->testHistory.count(u) > 0)
            out.push_back(u);
    return out;
}

AttentionMaps RunInspector::selfAttention(std::int64_t user) const
{
    AttentionMaps out;
    if (!d->model || user < 0 || user >= std::int64_t(d->data.numUsers()))
        return out;
    torch::NoGradGuard ng;
    const auto maps = d->model->attentionMaps(user, d->testHistory);
    if (maps.empty())
        return out;
    const auto n = maps.front().size(-1);
    const auto history = d->testHistory.of(user);
    const auto len = std::min<std::int64_t>(n, std::int64_t(history.size()));
    out.items.assign(history.end() - len, history.end());
    out.layers = int(maps.size());
    out.heads = int(maps.front().size(0));
    for (const auto &m : maps) {
        auto window = m.slice(1, n - len)
                          .slice(2, n - len)
                          .contiguous()
                          .to(torch::kFloat32); // drop the padding rows and columns
        out.weights.insert(out.weights.end(),
                           window.data_ptr<float>(),
                           window.data_ptr<float>() + window.numel());
    }
    return out;
}

std::vector<BehaviourAttention> RunInspector::targetAttention(std::int64_t user) const
{
    std::vector<BehaviourAttention> out;
    if (!d->ctr)
        return out;
    std::vector<CtrSample> samples;
    for (const auto &s : d->ctr->test)
        if (s.user == user)
            samples.push_back(s);
    if (samples.empty())
        return out;
    torch::NoGradGuard ng;
    const auto batch = d->ctr->batch(samples);
    auto probs = torch::sigmoid(d->ctrModel->forward(batch));
    const auto &att = d->ctrModel->lastAttention();
    const auto relevance = d->ctr->relevance(samples);
    const auto gains = d->ctr->correlation(samples);
    const auto t = batch.history.size(1);
    for (std::size_t k = 0; k < samples.size(); ++k) {
        BehaviourAttention b;
        b.targetItem = samples[k].item;
        b.label = samples[k].label;
        b.probability = probs[std::int64_t(k)].item<float>();
        b.rows = d->ctr->historyRows(samples[k]);
        const auto len = std::int64_t(b.rows.size());
        b.targetTime = d->ctr->targetTime(samples[k]);
        for (std::int64_t p = 0; p < len; ++p) {
            const auto slot = t - len + p;
            b.weights.push_back(att.weights[std::int64_t(k)][slot].item<float>());
            b.scores.push_back(att.scores[std::int64_t(k)][slot].item<float>());
            if (att.representationScores.defined())
                b.repScores.push_back(
                    att.representationScores[std::int64_t(k)][slot].item<float>());
            b.relevant.push_back(relevance[std::int64_t(k)][slot].item<bool>());
            b.correlation.push_back(gains[std::int64_t(k)][slot].item<float>());
            b.retrieved.push_back(att.topK.defined()
                                  && att.topK[std::int64_t(k)].eq(slot).any().item<bool>());
        }
        out.push_back(std::move(b));
    }
    return out;
}

AttentionAggregate RunInspector::aggregate(std::int64_t maxSamples) const
{
    AttentionAggregate out;
    out.gapLabels.assign(std::begin(kGapLabels), std::end(kGapLabels));
    const std::size_t g = out.gapLabels.size();
    out.massSame.assign(g, 0), out.massOther.assign(g, 0), out.shareSame.assign(g, 0),
        out.shareOther.assign(g, 0);
    if (!d->ctr)
        return out;
    std::vector<CtrSample> clicks;
    for (const auto &s : d->ctr->test)
        if (s.label > 0.5f && std::int64_t(clicks.size()) < maxSamples)
            clicks.push_back(s);
    torch::NoGradGuard ng;
    for (std::size_t from = 0; from < clicks.size(); from += 256) {
        const std::span<const CtrSample> part(clicks.data() + from,
                                              std::min<std::size_t>(256, clicks.size() - from));
        const auto batch = d->ctr->batch(part);
        d->ctrModel->forward(batch);
        const auto w = d->ctrModel->lastAttention().weights.contiguous();
        const auto t = w.size(1);
        auto wa = w.accessor<float, 2>();
        for (std::size_t k = 0; k < part.size(); ++k) {
            const auto &s = part[k];
            const auto rows = d->ctr->historyRows(s);
            const auto len = std::int64_t(rows.size());
            if (len == 0)
                continue;
            const auto now = d->ctr->targetTime(s);
            const auto want = d->ctr->category(s.item);
            for (std::int64_t p = 0; p < len; ++p) {
                const auto row = std::size_t(rows[std::size_t(p)]);
                const auto bucket = std::size_t(gapBucket(now - d->data.time[row]));
                const bool same = want >= 0 && d->ctr->category(d->data.item[row]) == want;
                (same ? out.massSame : out.massOther)[bucket] += wa[std::int64_t(k)][t - len + p];
                (same ? out.shareSame : out.shareOther)[bucket] += 1.0 / double(len);
            }
            ++out.samples;
        }
    }
    for (auto *v : {&out.massSame, &out.massOther, &out.shareSame, &out.shareOther})
        for (auto &x : *v)
            x /= double(std::max<std::int64_t>(1, out.samples));
    return out;
}

} // namespace recscope::core
