// SPDX-License-Identifier: MIT
#pragma once
// Reports of a project: one self-contained HTML file (charts as inline SVG, tables, the
// experiment specs, dataset statistics, environment and versions), the same as PDF, and the
// numbers as JSON or CSV. Rendered by the engine, so the GUI and `recscope-cli report` produce the
// same file.

#include "recscope/core/export.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace recscope::core {

class ProjectStore;
class Registry;

struct RS_CORE_EXPORT ReportConfig
{
    std::vector<std::int64_t> runs; ///< empty = every finished run
    std::string title = "RecScope report";
    bool specs = true;       ///< the experiments' specs as JSON
    bool curves = true;      ///< training curves
    bool audits = true;      ///< fairness and bias audits, feedback loops, extractions
    bool concepts = true;    ///< concept dictionaries of RecSAE probes
    int conceptRows = 25;    ///< most confident concepts listed per probe
    bool attention = true;   ///< self-attention maps of sequential runs (needs registry)
    int attentionItems = 20; ///< the map covers the user's last this many items
    /// Reopens runs with saved weights for the attention pictures; none: no attention section.
    const Registry *registry = nullptr;
};

/// The report as one HTML document that needs nothing else (no scripts, no external files).
/// Throws ConfigError("runs") naming a run id the project does not have.
RS_CORE_EXPORT std::string renderHtmlReport(const ProjectStore &store, const ReportConfig &config);

/// The report's numbers as JSON: runs with their metrics and curves, and every stored analysis.
RS_CORE_EXPORT std::string reportJson(const ProjectStore &store, const ReportConfig &config);

/// Writes the report by the file's extension: .html/.htm, .pdf (the same content on A4 pages,
/// charts as vectors), .json, or .csv (one row per run and test metric). The file appears whole
/// or not at all. ConfigError("out") for another extension.
RS_CORE_EXPORT void writeReport(const ProjectStore &store,
                                const ReportConfig &config,
                                const std::filesystem::path &file);

} // namespace recscope::core
