// SPDX-License-Identifier: MIT
#include "report/report_model.h"

#include "recscope/core/error.h"

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
std::optional<Report> latest(const ProjectStore &store, std::int64_t runId, const std::string &kind)
{
    const auto stored = store.audits(runId, kind);
    if (stored.empty())
        return std::nullopt;
    return Report::fromJson(stored.back());
}

} // namespace

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
        std::copy_if(all.begin(), all.end(), std::back_inserter(chosen), [](const RunRecord &r) { return r.status == "finished"; });
    } else {
        for (auto id : config.runs) {
            const auto it = std::find_if(all.begin(), all.end(), [&](const RunRecord &r) { return r.id == id; });
            if (it == all.end())
                throw ConfigError("runs", "the project " + m.database + " has no run " + std::to_string(id));
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
            rr.audit = latest<AuditReport>(store, r.id, "fairness");
            rr.loop = latest<FeedbackLoopReport>(store, r.id, "feedback_loop");
            rr.extraction = latest<ExtractionReport>(store, r.id, "extraction");
        }
        if (config.concepts && r.model == "recsae") {
            rr.concepts = store.concepts(r.id);
            std::stable_sort(rr.concepts.begin(), rr.concepts.end(), [](const Concept &a, const Concept &b) { return a.confidence > b.confidence; });
            if (rr.concepts.size() > std::size_t(std::max(0, config.conceptRows)))
                rr.concepts.resize(std::size_t(std::max(0, config.conceptRows)));
        }
        if (r.datasetId > 0 && datasets.insert(r.datasetId).second)
            m.datasets.push_back(store.dataset(r.datasetId));
        if (config.specs && r.experimentId > 0 && experiments.insert(r.experimentId).second)
            m.specs.emplace_back(r.experimentId, store.experimentSpec(r.experimentId));
        m.runs.push_back(std::move(rr));
    }
    return m;
}

} // namespace recscope::core::detail
