// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/audit.h>
#include <recscope/core/extraction.h>
#include <recscope/core/report.h>
#include <recscope/core/store.h>

#include <optional>

namespace recscope::core::detail {

/// One run with everything the report shows of it.
struct ReportRun
{
    RunRecord run;
    MetricValues test;
    std::vector<MetricSample> curves;
    std::optional<AuditReport> audit;
    std::optional<FeedbackLoopReport> loop;
    std::optional<ExtractionReport> extraction;
    std::vector<Concept> concepts; ///< the most confident first, at most conceptRows
};

/// What a report holds, read from the store once.
struct ReportModel
{
    std::string title, database, generatedAt, versionsJson;
    std::vector<DatasetRecord> datasets;
    std::vector<std::pair<std::int64_t, std::string>> specs; ///< experiment id, spec JSON
    std::vector<ReportRun> runs;
};

ReportModel gatherReport(const ProjectStore &store, const ReportConfig &config);
std::string renderHtml(const ReportModel &model, const ReportConfig &config);
/// The HTML report (as renderHtml writes it) laid out as a PDF with the same content.
RS_CORE_TEST_EXPORT std::string renderPdf(const std::string &html, const std::string &title);

} // namespace recscope::core::detail
