// SPDX-License-Identifier: MIT
#pragma once
// Pieces the HTML report's sections share.

#include <recscope/core/export.h>
#include <recscope/core/store.h>

#include <string>
#include <utility>
#include <vector>

namespace recscope::core::detail {

/// One table cell. Its text is always escaped: dataset strings (labels, genres, concept names)
/// reach cells, so markup is never carried in-band; `strong` marks a column's best value.
struct Cell
{
    Cell(std::string t, bool s = false)
        : text(std::move(t))
        , strong(s)
    {}
    Cell(const char *t)
        : text(t)
    {}
    std::string text;
    bool strong = false;
};
using Row = std::vector<Cell>;
using Rows = std::vector<Row>;

/// A number with the given decimals (whole counts without), "–" when not finite.
std::string fmt(double v, int decimals = 4);
std::string pct(double v);
/// A table of escaped cells.
RS_CORE_TEST_EXPORT std::string
table(const std::vector<std::string> &headers, const Rows &rows, const std::string &cls = "");
/// "#12 BPR-MF".
std::string runName(const RunRecord &r);

struct ReportModel;
/// The analysis sections (html_analyses.cpp): each run's latest audit, feedback loop and
/// extraction, empty when no run has one.
std::string fairnessSection(const ReportModel &m);
std::string loopSection(const ReportModel &m);
std::string extractionSection(const ReportModel &m);

} // namespace recscope::core::detail
