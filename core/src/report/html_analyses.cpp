// SPDX-License-Identifier: MIT
// The HTML report's analysis sections: fairness and bias audits, feedback loops, extraction.
#include "report/html_parts.h"
#include "report/report_model.h"
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace recscope::core::detail {

std::string fairnessSection(const ReportModel &m)
{
    std::string s;
    std::vector<std::string> groups;
    std::vector<SvgBars> sets;
    for (const auto &r : m.runs) {
        if (!r.audit)
            continue;
        const auto &a = *r.audit;
        s += "<h3>" + escapeXml(runName(r.run)) + ": top-" + std::to_string(a.k)
             + ", users grouped by '" + escapeXml(a.attribute) + "'</h3>\n";
        std::vector<std::string> headers{"metric"};
        Rows rows;
        for (const auto &c : a.consumer) {
            if (headers.size() == 1)
                for (const auto &g : c.groups)
                    headers.push_back(g.group + " (" + std::to_string(g.users)
                                      + " users) [95% CI]");
            Row row{c.metric};
            for (const auto &g : c.groups)
                row.push_back(fmt(g.mean) + " [" + fmt(g.low) + ", " + fmt(g.high) + "]");
            row.push_back(fmt(c.gap) + " [" + fmt(c.gapLow) + ", " + fmt(c.gapHigh) + "]");
            row.push_back(fmt(c.ratio, 3));
            rows.push_back(std::move(row));
        }
        headers.insert(headers.end(), {"gap best − worst [95% CI]", "worst / best"});
        s += table(headers, rows);
        s += "<p>An attacker reads the attribute off the lists with accuracy <b>"
             + fmt(a.attacker.accuracy, 3) + "</b> (macro-F1 " + fmt(a.attacker.macroF1, 3)
             + "); always guessing the largest group scores " + fmt(a.attacker.majority, 3)
             + ".</p>\n";
        Rows bias;
        for (const auto &[name, v] : a.bias)
            bias.push_back({name, fmt(v)});
        Rows shares;
        for (const auto &g : a.itemGroups)
            shares.push_back({g.family,
                              g.group,
                              std::to_string(g.items),
                              pct(g.catalogShare),
                              pct(g.exposureShare),
                              pct(g.hitShare)});
        s += "<div class=\"side\">" + table({"bias metric", "value"}, bias)
             + table({"family", "group", "items", "catalogue", "exposure", "hits"}, shares)
             + "</div>\n";
        if (!a.consumer.empty()) {
            const auto &first = a.consumer.front();
            if (groups.empty())
                for (const auto &g : first.groups)
                    groups.push_back(g.group);
            SvgBars b{runName(r.run), {}, {}, {}};
            for (const auto &g : first.groups)
                b.values.push_back(g.mean);
            sets.push_back(std::move(b));
        }
    }
    if (s.empty())
        return {};
    const std::string metric = m.runs.empty() ? "" : [&] {
        for (const auto &r : m.runs)
            if (r.audit && !r.audit->consumer.empty())
                return r.audit->consumer.front().metric;
        return std::string();
    }();
    return "<h2 id=\"fairness\">Fairness and popularity bias</h2>\n"
           + svgBarChart(metric + " per user group", groups, sets, metric, 880, 300) + s;
}

std::string loopSection(const ReportModel &m)
{
    std::string s;
    for (const auto &r : m.runs) {
        if (!r.loop)
            continue;
        const auto &l = *r.loop;
        auto lines = [&](auto value) {
            std::vector<SvgSeries> out;
            for (const auto &[name, rounds] : {std::pair{"without debiasing", &l.plain},
                                               std::pair{"with debiasing", &l.debiased}}) {
                if (rounds->empty())
                    continue;
                SvgSeries series{name, {}};
                for (const auto &x : *rounds)
                    series.points.emplace_back(x.round, value(x));
                out.push_back(std::move(series));
            }
            return out;
        };
        s += "<h3>" + escapeXml(runName(r.run)) + "'s data: " + std::to_string(l.trainImpressions)
             + " training impressions, " + pct(l.catalogAigcShare)
             + " of items AI-generated</h3>\n<div class=\"charts\">"
             + svgLineChart("Source bias per round (Rel% of NDCG@" + std::to_string(l.config.k)
                                + ")",
                            lines([](const LoopRound &x) { return x.relativeBias; }),
                            "round",
                            "Rel% (negative: AI favoured)",
                            560,
                            300)
             + svgLineChart("AI share of the simulated clicks",
                            lines([](const LoopRound &x) { return 100 * x.clickAigcShare; }),
                            "round",
                            "% of clicks",
                            560,
                            300)
             + svgLineChart("Accuracy on a mixed catalogue",
                            lines([](const LoopRound &x) { return x.ndcg; }),
                            "round",
                            "NDCG@" + std::to_string(l.config.k),
                            560,
                            300)
             + "</div>\n";
        Rows rows;
        for (const auto &[arm, rounds] :
             {std::pair{"plain", &l.plain}, std::pair{"debiased", &l.debiased}})
            for (const auto &x : *rounds)
                rows.push_back({arm,
                                std::to_string(x.round),
                                x.phase,
                                pct(x.historyAigcShare),
                                pct(x.clickAigcShare),
                                fmt(x.ndcgHuman),
                                fmt(x.ndcgAi),
                                fmt(x.relativeBias, 1),
                                fmt(x.ndcg)});
        s += table({"arm",
                    "round",
                    "phase",
                    "history AI",
                    "clicks AI",
                    "NDCG human",
                    "NDCG AI",
                    "Rel%",
                    "NDCG mixed"},
                   rows);
    }
    return s.empty() ? s : "<h2 id=\"loop\">Source bias in a feedback loop</h2>\n" + s;
}

std::string extractionSection(const ReportModel &m)
{
    std::string s;
    for (const auto &r : m.runs) {
        if (!r.extraction)
            continue;
        const auto &e = *r.extraction;
        std::map<std::string, SvgSeries> byVariant;
        Rows rows;
        for (const auto &p : e.points) {
            const double a10 = p.agreement.count(10) ? p.agreement.at(10) : NAN;
            auto &series = byVariant[p.variant];
            series.name = p.variant;
            series.points.emplace_back(double(p.budget), a10);
            rows.push_back({p.variant,
                            std::to_string(p.budget),
                            std::to_string(p.queries),
                            std::to_string(p.sequences),
                            fmt(p.gate, 2),
                            fmt(p.agreement.count(1) ? p.agreement.at(1) : NAN),
                            fmt(a10),
                            fmt(p.agreement.count(20) ? p.agreement.at(20) : NAN),
                            fmt(p.ndcg)});
        }
        std::vector<SvgSeries> series;
        for (auto &[name, sr] : byVariant)
            series.push_back(std::move(sr));
        s += "<h3>" + escapeXml(runName(r.run)) + " as a black box: the attacker holds "
             + std::to_string(e.fewShotUsers) + " users' sequences; agreement on "
             + std::to_string(e.evalUsers) + " unseen users; victim NDCG@10 " + fmt(e.victimNdcg)
             + "</h3>\n"
             + svgLineChart("Agreement@10 with the victim against the query budget",
                            series,
                            "victim queries",
                            "Agreement@10",
                            880,
                            300)
             + table({"variant",
                      "budget",
                      "queries",
                      "sequences",
                      "gate",
                      "Agr@1",
                      "Agr@10",
                      "Agr@20",
                      "NDCG@10"},
                     rows);
    }
    return s.empty() ? s : "<h2 id=\"extraction\">Model extraction</h2>\n" + s;
}

} // namespace recscope::core::detail
