// SPDX-License-Identifier: MIT
// The public report functions: HTML, the raw numbers as JSON or CSV, written atomically.
#include "recscope/core/csv.h"
#include "recscope/core/error.h"
#include "report/report_model.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace recscope::core {

using namespace detail;

namespace {

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const ReportModel &m)
{
    nlohmann::json runs = nlohmann::json::array();
    for (const auto &r : m.runs) {
        nlohmann::json test = nlohmann::json::object(), curves = nlohmann::json::array();
        for (const auto &[name, v] : r.test)
            test[name] = number(v);
        for (const auto &c : r.curves)
            curves.push_back({{"name", c.name}, {"epoch", c.step}, {"value", number(c.value)}});
        nlohmann::json run{{"id", r.run.id},
                           {"label", r.run.label},
                           {"model", r.run.model},
                           {"status", r.run.status},
                           {"device", r.run.device},
                           {"seed", r.run.seed},
                           {"epochs", r.run.epochs},
                           {"best_epoch", r.run.bestEpoch},
                           {"train_seconds", r.run.trainSeconds},
                           {"experiment", r.run.experimentId},
                           {"test", test},
                           {"curves", curves}};
        if (r.audit)
            run["audit"] = nlohmann::json::parse(r.audit->toJson());
        if (r.loop)
            run["feedback_loop"] = nlohmann::json::parse(r.loop->toJson());
        if (r.extraction)
            run["extraction"] = nlohmann::json::parse(r.extraction->toJson());
        if (r.attention)
            run["attention"] = {{"user", r.attention->user},
                                {"items", r.attention->items},
                                {"weights", r.attention->weights},
                                {"layer", r.attention->layers},
                                {"heads_averaged", r.attention->heads}};
        if (!r.concepts.empty()) {
            nlohmann::json concepts = nlohmann::json::array();
            for (const auto &c : r.concepts)
                concepts.push_back({{"latent", c.latent},
                                    {"label", c.label},
                                    {"confidence", c.confidence},
                                    {"frequency", c.frequency}});
            run["concepts"] = concepts;
        }
        runs.push_back(std::move(run));
    }
    nlohmann::json datasets = nlohmann::json::array();
    for (const auto &d : m.datasets)
        datasets.push_back({{"id", d.id},
                            {"name", d.name},
                            {"source", d.source},
                            {"stats", nlohmann::json::parse(d.statsJson, nullptr, false)}});
    nlohmann::json specs = nlohmann::json::object();
    for (const auto &[id, spec] : m.specs)
        specs[std::to_string(id)] = nlohmann::json::parse(spec, nullptr, false);
    auto summary = [](const SampleSummary &v) {
        return nlohmann::json{{"n", v.n},
                              {"mean", number(v.mean)},
                              {"std", number(v.std)},
                              {"ci95", {number(v.ciLow), number(v.ciHigh)}}};
    };
    nlohmann::json configurations = nlohmann::json::array(), sweeps = nlohmann::json::array();
    for (const auto &g : reportConfigurations(m)) {
        nlohmann::json test = nlohmann::json::object();
        for (const auto &[name, v] : g.test)
            test[name] = summary(v);
        configurations.push_back({{"label", g.label},
                                  {"key", g.key},
                                  {"runs", g.runs},
                                  {"seeds", g.seeds},
                                  {"test", test}});
    }
    for (const auto &sw : m.sweeps) {
        nlohmann::json trials = nlohmann::json::array(), test = nlohmann::json::object();
        for (const auto &t : sw.trials)
            trials.push_back({{"trial", t.trial + 1},
                              {"params", t.description},
                              {"valid", summary(t.valid)},
                              {"finished", t.finished}});
        for (const auto &[name, v] : sw.test)
            test[name] = summary(v);
        sweeps.push_back({{"id", sw.sweep.id},
                          {"label", sw.sweep.label},
                          {"method", sw.sweep.method},
                          {"metric", sw.sweep.metric},
                          {"status", sw.sweep.status},
                          {"selected_trial", sw.sweep.selectedTrial + 1},
                          {"trials", trials},
                          {"final_runs", sw.finalRuns},
                          {"test", test}});
    }
    return {{"title", m.title},
            {"configurations", configurations},
            {"sweeps", sweeps},
            {"database", m.database},
            {"generated", m.generatedAt},
            {"versions", nlohmann::json::parse(m.versionsJson, nullptr, false)},
            {"datasets", datasets},
            {"specs", specs},
            {"runs", runs}};
}

std::string toCsv(const ReportModel &m)
{
    std::string out = "run,label,model,status,metric,value\n";
    for (const auto &r : m.runs)
        for (const auto &[name, v] : r.test) {
            char value[48];
            std::snprintf(value, sizeof value, "%.10g", v);
            out += std::to_string(r.run.id) + "," + csvField(r.run.label) + ","
                   + csvField(r.run.model) + "," + csvField(runStatusName(r.run.status)) + ","
                   + csvField(name) + "," + (std::isfinite(v) ? value : "") + "\n";
        }
    return out;
}

} // namespace

std::string renderHtmlReport(const ProjectStore &store, const ReportConfig &config)
{
    return renderHtml(gatherReport(store, config), config);
}

std::string reportJson(const ProjectStore &store, const ReportConfig &config)
{
    return toJson(gatherReport(store, config)).dump(1);
}

void writeReport(const ProjectStore &store,
                 const ReportConfig &config,
                 const std::filesystem::path &file)
{
    std::string ext = file.extension().string();
    for (auto &c : ext)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".html" && ext != ".htm" && ext != ".pdf" && ext != ".json" && ext != ".csv")
        throw ConfigError("out",
                          file.string()
                              + ": the report is written as .html, .pdf, .json or .csv, not '" + ext
                              + "'");
    const ReportModel model = gatherReport(store, config);
    const std::string text = ext == ".json"  ? toJson(model).dump(1)
                             : ext == ".csv" ? toCsv(model)
                             : ext == ".pdf" ? renderPdf(renderHtml(model, config), model.title)
                                             : renderHtml(model, config);
    // Write beside the target, then rename: a reader never sees half a report.
    const auto partial = std::filesystem::path(file.string() + ".partial");
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out)
            throw ConfigError("out", file.string() + ": cannot write here");
        out << text;
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(partial, ec);
            throw ConfigError("out", file.string() + ": writing failed (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(partial, file, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        throw ConfigError("out", file.string() + ": cannot replace it");
    }
}

} // namespace recscope::core
