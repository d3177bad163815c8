// SPDX-License-Identifier: MIT
// The report's uncertainty sections: configurations pooled over seeds (mean ± std, 95%
// t-intervals as error bars, paired tests against the best configuration) and sweeps (trials on
// validation, the selection, the selected configuration's test result).
#include "recscope/core/error.h"
#include "report/html_parts.h"
#include "report/report_model.h"
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>

namespace recscope::core::detail {

namespace {

std::string meanStd(const SampleSummary &s)
{
    if (s.n >= 2)
        return fmt(s.mean) + " ± " + fmt(s.std) + " [" + fmt(s.ciLow) + ", " + fmt(s.ciHigh) + "]";
    return s.n == 1 ? fmt(s.mean) : "–";
}

/// The accuracy metrics at the first cut-off that every configuration reports, at most five.
std::vector<std::string> headlineMetrics(const std::vector<const ConfigurationSummary *> &groups)
{
    std::vector<std::string> out;
    for (const char *name :
         {"NDCG@10", "Recall@10", "Hit@10", "MRR@10", "Precision@10", "AUC", "GAUC"})
        if (std::all_of(groups.begin(), groups.end(), [&](const auto *g) {
                return g->test.count(name);
            }))
            out.push_back(name);
    return out;
}

} // namespace

std::vector<ConfigurationSummary> reportConfigurations(const ReportModel &m)
{
    std::vector<RunResult> runs;
    for (const auto &r : m.runs)
        runs.push_back({r.run, r.test});
    return summarizeConfigurations(std::move(runs));
}

std::string seedsSection(const ReportModel &m)
{
    const auto all = reportConfigurations(m);
    std::vector<const ConfigurationSummary *> groups;
    for (const auto &g : all)
        if (g.runs.size() >= 2)
            groups.push_back(&g);
    if (groups.empty())
        return {};
    const auto metrics = headlineMetrics(groups);
    std::string s = "<h2 id=\"seeds\">Over seeds</h2>\n<p>Runs of the same configuration (data, "
                    "split, model and parameters) on different "
                    "seeds: mean ± sample std [95% Student-t interval of the mean].</p>\n";
    std::vector<std::string> headers{"configuration", "seeds"};
    headers.insert(headers.end(), metrics.begin(), metrics.end());
    Rows rows;
    std::vector<SvgBars> bars;
    for (const auto *g : groups) {
        Row row{g->label, std::to_string(g->runs.size())};
        SvgBars b{g->label + " (n=" + std::to_string(g->runs.size()) + ")", {}, {}, {}};
        for (const auto &metric : metrics) {
            const auto &v = g->test.at(metric);
            row.push_back(meanStd(v));
            b.values.push_back(v.mean);
            b.low.push_back(v.ciLow);
            b.high.push_back(v.ciHigh);
        }
        rows.push_back(std::move(row));
        if (bars.size() < 12)
            bars.push_back(std::move(b));
    }
    s += table(headers, rows);
    if (!metrics.empty())
        s += svgBarChart("Test metrics, mean over seeds with 95% intervals",
                         metrics,
                         bars,
                         "value",
                         880,
                         340);
    // Every configuration against the best on the first metric, over the seeds both ran.
    if (metrics.empty() || groups.size() < 2)
        return s;
    const std::string metric = metrics.front();
    const auto *best
        = *std::max_element(groups.begin(), groups.end(), [&](const auto *a, const auto *b) {
              return a->test.at(metric).mean < b->test.at(metric).mean;
          });
    Rows tests;
    for (const auto *g : groups) {
        if (g == best)
            continue;
        try {
            const auto t = compareConfigurations(*best, *g, metric);
            tests.push_back({best->label + " − " + g->label,
                             std::to_string(t.n),
                             fmt(t.meanDifference),
                             "[" + fmt(t.ciLow) + ", " + fmt(t.ciHigh) + "]",
                             fmt(t.t, 2),
                             fmt(t.pValue, 3)});
        } catch (const recscope::Error &e) {
            tests.push_back({best->label + " − " + g->label, "–", "–", e.what(), "–", "–"});
        }
    }
    return s + "<h3>Paired t-tests on " + escapeXml(metric)
           + " against the best configuration</h3>\n<p>The best is picked by its test "
             "mean on these same runs, so read the p-values as descriptive, not as a test of a "
             "choice made beforehand.</p>\n"
           + table({"difference", "shared seeds", "mean Δ", "95% interval", "t", "two-sided p"},
                   tests);
}

std::string sweepsSection(const ReportModel &m)
{
    if (m.sweeps.empty())
        return {};
    std::string s = "<h2 id=\"sweeps\">Sweeps</h2>\n<p>Each trial is judged on validation only; "
                    "the selected trial is trained again on "
                    "every seed and only those runs are tested.</p>\n";
    for (const auto &sw : m.sweeps) {
        s += "<h3>Sweep #" + std::to_string(sw.sweep.id) + ": " + escapeXml(sw.sweep.label) + ", "
             + escapeXml(sw.sweep.method) + " search, " + std::to_string(sw.trials.size())
             + " trials × " + std::to_string(sw.seeds) + " seed(s), "
             + escapeXml(runStatusName(sw.sweep.status)) + "</h3>\n";
        std::vector<std::string> headers{"trial"};
        headers.insert(headers.end(), sw.sweptParams.begin(), sw.sweptParams.end());
        headers.insert(headers.end(), {"valid " + sw.sweep.metric, "runs"});
        Rows rows;
        for (const auto &t : sw.trials) {
            Row row{std::to_string(t.trial + 1)
                    + (t.trial == sw.sweep.selectedTrial ? " (selected)" : "")};
            for (const auto &p : sw.sweptParams)
                row.push_back(toString(t.swept.at(p)));
            row.push_back(meanStd(t.valid));
            row.push_back(std::to_string(t.finished) + "/" + std::to_string(sw.seeds));
            rows.push_back(std::move(row));
        }
        s += table(headers, rows, "wide");
        if (sw.sweep.selectedTrial >= 0) {
            Rows test;
            for (const auto &[name, v] : sw.test)
                test.push_back({name, meanStd(v)});
            s += "<p>Selected: trial " + std::to_string(sw.sweep.selectedTrial + 1) + " ("
                 + escapeXml(sw.trials[std::size_t(sw.sweep.selectedTrial)].description)
                 + "), chosen from " + std::to_string(sw.trials.size())
                 + " trials; its test metrics over " + std::to_string(sw.finalRuns.size())
                 + " seed(s):</p>\n" + table({"metric", "test"}, test);
        }
        // Each swept number against the validation metric, trials in the parameter's order.
        for (const auto &p : sw.sweptParams) {
            SvgSeries series{"trial mean", {}};
            for (const auto &t : sw.trials) {
                double x = 0;
                if (const auto *i = std::get_if<std::int64_t>(&t.swept.at(p)))
                    x = double(*i);
                else if (const auto *d = std::get_if<double>(&t.swept.at(p)))
                    x = *d;
                else
                    continue;
                if (t.valid.n > 0)
                    series.points.emplace_back(x, t.valid.mean);
            }
            std::sort(series.points.begin(), series.points.end());
            if (series.points.size() >= 2)
                s += svgLineChart("Validation " + sw.sweep.metric + " against " + p,
                                  {series},
                                  p,
                                  "valid " + sw.sweep.metric,
                                  560,
                                  280);
        }
    }
    return s;
}

} // namespace recscope::core::detail
