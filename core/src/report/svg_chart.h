// SPDX-License-Identifier: MIT
#pragma once
// Charts as standalone SVG text for reports (the engine has no Qt): line charts and grouped bar
// charts with round ticks, axis titles and a legend; every number also goes in a <title> so a
// browser shows it on hover.

#include <recscope/core/export.h>

#include <string>
#include <utility>
#include <vector>

namespace recscope::core::detail {

struct SvgSeries
{
    std::string name;
    std::vector<std::pair<double, double>> points; ///< (x, y); non-finite points are skipped
    std::string colour = {}; ///< "#RRGGBB" (a run's, runColour); empty: the palette's next
};

struct SvgBars
{
    std::string name;
    std::vector<double> values;    ///< one per category
    std::vector<double> low, high; ///< optional error bar of each value (e.g. its 95% interval)
    std::string colour = {};       ///< as SvgSeries::colour
};

/// "&", "<", ">", quotes escaped for HTML and SVG text and attributes; control characters XML
/// cannot hold and bytes that are not UTF-8 become U+FFFD.
RS_CORE_TEST_EXPORT std::string escapeXml(const std::string &text);

/// Round tick positions from the round value at or below lo to the one at or above hi: steps of
/// 1, 2 or 5 × 10^k, about `count` of them.
RS_CORE_TEST_EXPORT std::vector<double> niceTicks(double lo, double hi, int count = 5);

RS_CORE_TEST_EXPORT std::string svgLineChart(const std::string &title,
                                             const std::vector<SvgSeries> &series,
                                             const std::string &xTitle,
                                             const std::string &yTitle,
                                             int width = 640,
                                             int height = 320);

RS_CORE_TEST_EXPORT std::string svgBarChart(const std::string &title,
                                            const std::vector<std::string> &categories,
                                            const std::vector<SvgBars> &sets,
                                            const std::string &yTitle,
                                            int width = 640,
                                            int height = 320);

/// A square matrix (row-major, labels.size()² values ≥ 0) as cells shaded from white to dark
/// blue by value / max, the row labels on the left, column numbers below; every value in a
/// <title>. For attention maps: rows are queries, columns keys.
RS_CORE_TEST_EXPORT std::string svgHeatmap(const std::string &title,
                                           const std::vector<std::string> &labels,
                                           const std::vector<double> &values,
                                           const std::string &xTitle,
                                           const std::string &yTitle,
                                           int cell = 18);

} // namespace recscope::core::detail
