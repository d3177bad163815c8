// SPDX-License-Identifier: MIT
// The HTML report: sections of tables and inline SVG charts over a ReportModel.
#include "report/html_parts.h"
#include "report/report_model.h"
#include "report/svg_chart.h"

#include <recscope/core/run_colour.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace recscope::core::detail {

std::string fmt(double v, int decimals)
{
    if (!std::isfinite(v))
        return "–";
    if (v == std::floor(v) && std::abs(v) >= 1
        && std::abs(v) < 1e15) // counts (users, items) read as counts
        decimals = 0;
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

std::string pct(double v)
{
    return fmt(100 * v, 1) + "%";
}

std::string table(const std::vector<std::string> &headers, const Rows &rows, const std::string &cls)
{
    auto cell = [](const Cell &c) {
        return c.strong ? "<b>" + escapeXml(c.text) + "</b>" : escapeXml(c.text);
    };
    std::string s
        = "<table" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + "><thead><tr>";
    for (const auto &h : headers)
        s += "<th>" + escapeXml(h) + "</th>";
    s += "</tr></thead><tbody>\n";
    for (const auto &row : rows) {
        s += "<tr>";
        for (const auto &c : row)
            s += "<td>" + cell(c) + "</td>";
        s += "</tr>\n";
    }
    return s + "</tbody></table>\n";
}

std::string runName(const RunRecord &r)
{
    return "#" + std::to_string(r.id) + " " + r.label;
}

namespace {

bool lowerIsBetter(const std::string &metric)
{
    for (const char *key : {"AveragePopularity",
                            "Gini",
                            "ARP",
                            "PopRSP",
                            "PopREO",
                            "CalibrationKL",
                            "T-HR",
                            "T-NDCG"})
        if (metric.find(key) != std::string::npos)
            return true;
    return false;
}

/// One table of runs that report the same metrics (models apart from probes, say), best in bold.
std::string runsTable(const std::vector<const ReportRun *> &runs,
                      const std::vector<std::string> &metrics)
{
    std::vector<std::string>
        headers{"run", "model", "status", "device", "seed", "epochs (best)", "train s"};
    headers.insert(headers.end(), metrics.begin(), metrics.end());
    std::map<std::string, double> best;
    for (const auto &metric : metrics)
        for (const auto *r : runs)
            if (const auto it = r->test.find(metric);
                it != r->test.end() && std::isfinite(it->second)) {
                const auto b = best.find(metric);
                if (b == best.end()
                    || (lowerIsBetter(metric) ? it->second < b->second : it->second > b->second))
                    best[metric] = it->second;
            }
    Rows rows;
    for (const auto *r : runs) {
        Row row{runName(r->run),
                r->run.model,
                runStatusName(r->run.status),
                r->run.device,
                std::to_string(r->run.seed),
                std::to_string(r->run.epochs) + " (" + std::to_string(r->run.bestEpoch) + ")",
                fmt(r->run.trainSeconds, 1)};
        for (const auto &metric : metrics) {
            const auto it = r->test.find(metric);
            const bool isBest = it != r->test.end() && best.count(metric)
                                && it->second == best[metric] && runs.size() > 1;
            row.push_back(it == r->test.end() ? Cell("") : Cell(fmt(it->second), isBest));
        }
        rows.push_back(std::move(row));
    }
    if (metrics.size() <= 10)
        return table(headers, rows, "wide");
    // Many metrics (a probe's, say): one row per field, one column per run, so it stays readable.
    Rows transposed;
    for (std::size_t c = 1; c < headers.size(); ++c) {
        Row row{headers[c]};
        for (const auto &r : rows)
            row.push_back(r[c]);
        transposed.push_back(std::move(row));
    }
    std::vector<std::string> runHeaders{""};
    for (const auto &r : rows)
        runHeaders.push_back(r[0].text);
    return table(runHeaders, transposed);
}

std::string runsSection(const ReportModel &m)
{
    // Runs that report the same metrics share a table; the largest group also gets the bar chart.
    std::vector<std::pair<std::vector<std::string>, std::vector<const ReportRun *>>> groups;
    for (const auto &r : m.runs) {
        std::vector<std::string> keys;
        for (const auto &[name, v] : r.test)
            keys.push_back(name);
        auto g = std::find_if(groups.begin(), groups.end(), [&](const auto &x) {
            return x.first == keys;
        });
        if (g == groups.end())
            g = groups.insert(groups.end(), {keys, {}});
        g->second.push_back(&r);
    }
    std::string s
        = "<h2 id=\"runs\">Runs and test metrics</h2>\n<p>Best value per metric in bold (lower is "
          "better for popularity, "
          "concentration, calibration and attack-target metrics); users = test users.</p>\n";
    for (const auto &[metrics, runs] : groups)
        s += runsTable(runs, metrics);
    if (groups.empty())
        return s;
    const auto &largest
        = *std::max_element(groups.begin(), groups.end(), [](const auto &a, const auto &b) {
              return a.second.size() < b.second.size();
          });
    std::vector<std::string> shown;
    for (const auto &metric : largest.first)
        if (shown.size() < 6 && metric.find('@') != std::string::npos && !lowerIsBetter(metric)
            && metric.rfind("T-", 0) != 0)
            shown.push_back(metric);
    if (!shown.empty()) {
        std::vector<SvgBars> sets;
        for (std::size_t k = 0; k < largest.second.size() && k < 12; ++k) {
            SvgBars b{runName(largest.second[k]->run),
                      {},
                      {},
                      {},
                      runColour(largest.second[k]->run.id)};
            for (const auto &metric : shown)
                b.values.push_back(largest.second[k]->test.at(metric));
            sets.push_back(std::move(b));
        }
        s += svgBarChart("Test metrics", shown, sets, "value", 880, 340);
    }
    return s;
}

std::string curvesSection(const ReportModel &m)
{
    std::map<std::string, std::vector<SvgSeries>> byName; // curve name → one series per run
    for (const auto &r : m.runs) {
        std::map<std::string, SvgSeries> own;
        for (const auto &c : r.curves)
            own[c.name].points.emplace_back(c.step, c.value);
        for (auto &[name, series] : own) {
            series.name = runName(r.run);
            series.colour = runColour(r.run.id);
            byName[name].push_back(std::move(series));
        }
    }
    if (byName.empty())
        return {};
    std::string s = "<h2 id=\"curves\">Training curves</h2>\n<div class=\"charts\">\n";
    int charts = 0;
    for (const auto &[name, series] : byName) {
        if (name != "train/loss" && name.rfind("valid/", 0) != 0)
            continue;
        if (++charts > 8)
            break;
        s += svgLineChart(name + " per epoch", series, "epoch", name, 560, 300);
    }
    return s + "</div>\n";
}

std::string conceptsSection(const ReportModel &m)
{
    std::string s;
    for (const auto &r : m.runs) {
        if (r.concepts.empty())
            continue;
        Rows rows;
        for (const auto &c : r.concepts)
            rows.push_back({std::to_string(c.latent),
                            c.label,
                            fmt(c.confidence, 2),
                            fmt(c.precision, 2),
                            fmt(c.recall, 2),
                            pct(c.frequency),
                            fmt(c.meanActivation, 3)});
        s += "<h3>" + escapeXml(runName(r.run)) + ": the " + std::to_string(r.concepts.size())
             + " most confident latents</h3>\n"
             + table({"latent",
                      "concept",
                      "confidence",
                      "precision",
                      "recall",
                      "fires on",
                      "mean activation"},
                     rows);
    }
    return s.empty() ? s : "<h2 id=\"concepts\">Concept dictionaries</h2>\n" + s;
}

std::string attentionSection(const ReportModel &m)
{
    std::string s;
    for (const auto &r : m.runs) {
        if (r.attention) {
            const auto &a = *r.attention;
            s += "<h3>" + escapeXml(runName(r.run)) + "</h3>\n<p>User " + escapeXml(a.user)
                 + ", the last " + std::to_string(a.items.size())
                 + " items of the test-time history; the last layer (" + std::to_string(a.layers)
                 + " of " + std::to_string(a.layers) + "), mean of " + std::to_string(a.heads)
                 + " head(s). Row = the position attending (query), column = the position attended "
                   "to (key).</p>\n"
                 + svgHeatmap("Self-attention, " + runName(r.run),
                              a.items,
                              a.weights,
                              "key position (oldest = 1)",
                              "query item")
                 + "\n";
        } else if (!r.attentionNote.empty()) {
            s += "<h3>" + escapeXml(runName(r.run))
                 + "</h3>\n<p>No attention picture: " + escapeXml(r.attentionNote) + "</p>\n";
        }
    }
    return s.empty() ? s : "<h2 id=\"attention\">Attention</h2>\n" + s;
}

std::string contextSection(const ReportModel &m)
{
    std::string s = "<h2 id=\"data\">Datasets</h2>\n";
    for (const auto &d : m.datasets) {
        Rows rows;
        const auto stats = nlohmann::json::parse(d.statsJson, nullptr, false);
        if (stats.is_object())
            for (const auto &[key, v] : stats.items())
                if (v.is_primitive())
                    rows.push_back({key,
                                    v.is_number_float() ? fmt(v.get<double>())
                                    : v.is_string()     ? v.get<std::string>()
                                                        : v.dump()});
        s += "<h3>" + escapeXml(d.name) + " <small>(" + escapeXml(d.source) + ")</small></h3>\n"
             + table({"statistic", "value"}, rows);
    }
    for (const auto &[id, spec] : m.specs) {
        const auto j = nlohmann::json::parse(spec, nullptr, false);
        s += "<h3>Experiment " + std::to_string(id) + " spec</h3>\n<pre>"
             + escapeXml(j.is_discarded() ? spec : j.dump(2)) + "</pre>\n";
    }
    Rows env{{"project database", m.database}, {"generated", m.generatedAt}};
    const auto versions = nlohmann::json::parse(m.versionsJson, nullptr, false);
    if (versions.is_object())
        for (const auto &[key, v] : versions.items())
            env.push_back({key, v.is_string() ? v.get<std::string>() : v.dump()});
    return s + "<h2 id=\"environment\">Environment and versions</h2>\n" + table({"", ""}, env);
}

constexpr const char *kStyle
    = R"(body{font-family:sans-serif;margin:24px auto;max-width:1180px;color:#222}
h1{margin-bottom:0}h2{border-bottom:1px solid #ccc;margin-top:32px}h3{margin-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f3f3f3}table.wide{display:block;overflow-x:auto}pre{background:#f7f7f7;padding:8px;font-size:12px;overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:8px}.side{display:flex;gap:24px;align-items:flex-start}svg.chart{background:#fff}
nav a{margin-right:12px})";

} // namespace

std::string renderHtml(const ReportModel &m, const ReportConfig &config)
{
    std::string body = runsSection(m) + seedsSection(m) + sweepsSection(m);
    if (config.curves)
        body += curvesSection(m);
    if (config.audits)
        body += fairnessSection(m) + loopSection(m) + extractionSection(m);
    if (config.attention)
        body += attentionSection(m);
    if (config.concepts)
        body += conceptsSection(m);
    body += contextSection(m);
    std::string nav = "<nav>";
    for (const auto &[id, name] :
         std::vector<std::pair<std::string, std::string>>{{"runs", "Runs"},
                                                          {"seeds", "Over seeds"},
                                                          {"sweeps", "Sweeps"},
                                                          {"curves", "Curves"},
                                                          {"fairness", "Fairness"},
                                                          {"loop", "Feedback loop"},
                                                          {"extraction", "Extraction"},
                                                          {"attention", "Attention"},
                                                          {"concepts", "Concepts"},
                                                          {"data", "Data"},
                                                          {"environment", "Environment"}})
        if (body.find("id=\"" + id + "\"") != std::string::npos)
            nav += std::string(nav.size() > 5 ? " · " : "") + "<a href=\"#" + id + "\">" + name
                   + "</a>";
    nav += "</nav>\n";
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
           + escapeXml(m.title) + "</title><style>" + kStyle + "</style></head>\n<body>\n<h1>"
           + escapeXml(m.title) + "</h1>\n<p>" + std::to_string(m.runs.size()) + " run(s) of "
           + escapeXml(m.database) + ", generated " + escapeXml(m.generatedAt) + ".</p>\n" + nav
           + body + "</body></html>\n";
}

} // namespace recscope::core::detail
