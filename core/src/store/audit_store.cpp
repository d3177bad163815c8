// SPDX-License-Identifier: MIT
// Audit reports of runs (schema steps 3 and 4).
#include "store/project_store_private.h"

namespace recscope::core {

const char *analysisKindKey(AnalysisKind kind)
{
    switch (kind) {
    case AnalysisKind::Fairness:
        return "fairness";
    case AnalysisKind::FeedbackLoop:
        return "feedback_loop";
    case AnalysisKind::Extraction:
        return "extraction";
    }
    return "fairness";
}

std::vector<AnalysisKind> allAnalysisKinds()
{
    return {AnalysisKind::Fairness, AnalysisKind::FeedbackLoop, AnalysisKind::Extraction};
}

using detail::Statement;

std::int64_t ProjectStore::addAudit(std::int64_t runId,
                                    const std::string &configJson,
                                    const std::string &reportJson,
                                    AnalysisKind kind)
{
    Statement
        ins(d->db,
            "INSERT INTO audits (run_id, config_json, report_json, kind) VALUES (?, ?, ?, ?)");
    ins.bind(1, runId)
        .bind(2, configJson)
        .bind(3, reportJson)
        .bind(4, std::string(analysisKindKey(kind)));
    ins.stepDone();
    return d->db.lastInsertId();
}

std::vector<std::string> ProjectStore::audits(std::int64_t runId, AnalysisKind kind) const
{
    std::vector<std::string> out;
    Statement q(d->db, "SELECT report_json FROM audits WHERE run_id = ? AND kind = ? ORDER BY id");
    q.bind(1, runId).bind(2, std::string(analysisKindKey(kind)));
    while (q.step())
        out.push_back(q.text(0));
    return out;
}

std::vector<std::int64_t> ProjectStore::auditedRuns(AnalysisKind kind) const
{
    std::vector<std::int64_t> out;
    Statement q(d->db, "SELECT DISTINCT run_id FROM audits WHERE kind = ? ORDER BY run_id");
    q.bind(1, std::string(analysisKindKey(kind)));
    while (q.step())
        out.push_back(q.int64(0));
    return out;
}

} // namespace recscope::core
