// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/audit.h>
#include <recscope/core/extraction.h>
#include <recscope/core/report.h>
#include <recscope/core/run_groups.h>
#include <recscope/core/store.h>

#include <optional>

namespace recscope::core::detail {

/// A sequential run's self-attention over one test user's most recent items: the last layer,
/// averaged over heads (rows are queries, columns keys).
struct ReportAttention
{
    std::string user;               ///< original user id
    std::vector<std::string> items; ///< the items' labels, oldest first
    std::vector<double> weights;    ///< [items × items], row-major
    int layers = 0, heads = 0;
};

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
    std::optional<ReportAttention> attention;
    std::string attentionNote; ///< why a sequential run has no attention picture
};

/// What a report holds, read from the store once.
struct ReportModel
{
    std::string title, database, generatedAt, versionsJson;
    std::vector<DatasetRecord> datasets;
    std::vector<std::pair<std::int64_t, std::string>> specs; ///< experiment id, spec JSON
    std::vector<ReportRun> runs;
    std::vector<SweepSummary> sweeps; ///< the sweeps the chosen runs belong to
};

ReportModel gatherReport(const ProjectStore &store, const ReportConfig &config);
/// The attention picture of a run, or nothing when its model has no self-attention.
std::optional<ReportAttention>
gatherAttention(const Registry &registry, const ProjectStore &store, std::int64_t runId, int items);
std::string renderHtml(const ReportModel &model, const ReportConfig &config);
/// Configurations run on several seeds (mean ± std, 95% t-intervals, paired tests against the
/// best) and each sweep (trials on validation, the selection, the selected test result): HTML.
std::string seedsSection(const ReportModel &model);
std::string sweepsSection(const ReportModel &model);
/// The chosen runs pooled per configuration (ReportRun → RunResult).
std::vector<ConfigurationSummary> reportConfigurations(const ReportModel &model);
/// The HTML report (as renderHtml writes it) laid out as a PDF with the same content.
RS_CORE_TEST_EXPORT std::string renderPdf(const std::string &html, const std::string &title);

} // namespace recscope::core::detail
