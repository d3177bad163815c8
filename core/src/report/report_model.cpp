// SPDX-License-Identifier: MIT
#include "report/report_model.h"

#include "recscope/core/error.h"
#include "recscope/core/inspector.h"
#include "recscope/core/registry.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

namespace recscope::core::detail {

namespace {

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

template<class Report>
std::optional<Report> latest(const ProjectStore &store, std::int64_t runId, AnalysisKind kind)
{
    const auto stored = store.audits(runId, kind);
    if (stored.empty())
        return std::nullopt;
    return Report::fromJson(stored.back());
}

} // namespace

std::optional<ReportAttention>
gatherAttention(const Registry &registry, const ProjectStore &store, std::int64_t runId, int items)
{
    const RunInspector inspector(registry, store, runId);
    const auto users = inspector.users();
    if (users.empty())
        return std::nullopt;
    const auto maps = inspector.selfAttention(users.front());
    if (maps.layers == 0 || maps.length() == 0)
        return std::nullopt;
    const Dataset &data = inspector.dataset();
    ReportAttention a;
    a.user = data.userIds[std::size_t(users.front())];
    a.layers = maps.layers;
    a.heads = maps.heads;
    const int length = maps.length(), n = std::min(length, std::max(2, items));
    const int from = length - n; // the most recent n positions: the causal rows see only these keys
    for (int q = from; q < length; ++q) {
        const auto item = std::size_t(maps.items[std::size_t(q)]);
        std::string label = item < data.itemTitles.size() && !data.itemTitles[item].empty()
                                ? data.itemTitles[item]
                                : data.itemIds[item];
        if (const auto category = inspector.categoryOf(std::int64_t(item));
            !category.empty() && label.find(category) == std::string::npos)
            label += " (" + category + ")";
        a.items.push_back(std::move(label));
        for (int k = from; k < length; ++k) {
            double sum = 0;
            for (int h = 0; h < maps.heads; ++h)
                sum += maps.at(maps.layers - 1, h, q, k);
            a.weights.push_back(sum / maps.heads);
        }
    }
    return a;
}

ReportModel gatherReport(const ProjectStore &store, const ReportConfig &config)
{
    ReportModel m;
    m.title = config.title;
    m.database = store.file().filename().string();
    m.generatedAt = utcNow();
    m.versionsJson = versionsJson();
    const auto all = store.runs();
    std::vector<RunRecord> chosen;
    if (config.runs.empty()) {
        std::copy_if(all.begin(), all.end(), std::back_inserter(chosen), [](const RunRecord &r) {
            return r.status == RunStatus::Finished;
        });
    } else {
        for (auto id : config.runs) {
            const auto it = std::find_if(all.begin(), all.end(), [&](const RunRecord &r) {
                return r.id == id;
            });
            if (it == all.end())
                throw ConfigError("runs",
                                  "the project " + m.database + " has no run "
                                      + std::to_string(id));
            chosen.push_back(*it);
        }
    }
    std::set<std::int64_t> datasets, experiments;
    for (const auto &r : chosen) {
        ReportRun rr;
        rr.run = r;
        rr.test = store.finalMetrics(r.id, "test");
        if (config.curves)
            rr.curves = store.epochMetrics(r.id);
        if (config.audits) {
            rr.audit = latest<AuditReport>(store, r.id, AnalysisKind::Fairness);
            rr.loop = latest<FeedbackLoopReport>(store, r.id, AnalysisKind::FeedbackLoop);
            rr.extraction = latest<ExtractionReport>(store, r.id, AnalysisKind::Extraction);
        }
        if (config.concepts && r.model == "recsae") {
            rr.concepts = store.concepts(r.id);
            std::stable_sort(rr.concepts.begin(),
                             rr.concepts.end(),
                             [](const Concept &a, const Concept &b) {
                                 return a.confidence > b.confidence;
                             });
            if (rr.concepts.size() > std::size_t(std::max(0, config.conceptRows)))
                rr.concepts.resize(std::size_t(std::max(0, config.conceptRows)));
        }
        if (config.attention && config.registry && r.status == RunStatus::Finished) {
            const ModelInfo *info = config.registry->info(r.model);
            if (info && info->sequential && config.registry->ranksCatalogue(r.model)) {
                try {
                    rr.attention
                        = gatherAttention(*config.registry, store, r.id, config.attentionItems);
                } catch (const Error &e) { // e.g. trained without a checkpoint folder: no weights
                    rr.attentionNote = e.what();
                }
            }
        }
        if (r.datasetId > 0 && datasets.insert(r.datasetId).second)
            m.datasets.push_back(store.dataset(r.datasetId));
        if (config.specs && r.experimentId > 0 && experiments.insert(r.experimentId).second)
            m.specs.emplace_back(r.experimentId, store.experimentSpec(r.experimentId));
        m.runs.push_back(std::move(rr));
    }
    std::set<std::int64_t> sweeps;
    for (const auto &r : chosen)
        if (r.sweepId > 0 && sweeps.insert(r.sweepId).second)
            m.sweeps.push_back(summarizeSweep(store, r.sweepId));
    return m;
}

} // namespace recscope::core::detail
