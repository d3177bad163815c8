// SPDX-License-Identifier: MIT
// recscope-cli report: the project's report as one HTML file, or its numbers as JSON or CSV.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"

#include <recscope/core/registry.h>
#include <recscope/core/report.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kReportHelp
    = R"(usage: recscope-cli report SPEC.json|PROJECT.db --out FILE [options]

Renders a report of a project: one self-contained HTML file (runs and test metrics with the best
in bold, metric bars, training curves, fairness and bias audits, feedback loops, extractions,
attention maps of sequential runs, concept dictionaries, dataset statistics, the experiment specs, environment and versions; charts
as inline SVG), the same content as PDF (A4, vector charts), its numbers as JSON, or the test
metrics as CSV — by FILE's extension.
A spec stands for its project database (SPEC's folder/recscope.db unless --db says otherwise).

Options:
  --out FILE        report.html, report.pdf, report.json or report.csv
  --db FILE         the project database, with a spec
  --runs A,B,...    run ids to include [every finished run]
  --title TEXT      [RecScope report]
  --no-curves       leave the training curves out
  --no-audits       leave audits, feedback loops and extractions out
  --no-concepts     leave concept dictionaries out
  --no-attention    leave the attention maps of sequential runs out
  --no-specs        leave the experiment specs out
)";

} // namespace

int reportCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args,
                    {kReportHelp,
                     {"out", "db", "runs", "title"},
                     {"no-curves", "no-audits", "no-concepts", "no-attention", "no-specs"},
                     1,
                     {"out"}});
    const CliOptions &opts = cmd.options();
    const auto out = opts.value("out");
    const std::filesystem::path project = opts.positional()[0];
    const std::filesystem::path db
        = project.extension() == ".json" ? std::filesystem::path(
              opts.value("db").value_or((project.parent_path() / "recscope.db").string()))
                                         : project;
    if (!std::filesystem::exists(db))
        throw std::invalid_argument(db.string() + ": no such project database");
    core::ReportConfig config;
    if (const auto runs = opts.value("runs")) {
        std::stringstream in(*runs);
        for (std::string part; std::getline(in, part, ',');)
            if (!part.empty())
                config.runs.push_back(parseRunId(part));
    }
    config.title = opts.value("title").value_or(config.title);
    config.curves = !opts.flag("no-curves");
    config.audits = !opts.flag("no-audits");
    config.concepts = !opts.flag("no-concepts");
    config.specs = !opts.flag("no-specs");
    config.attention = !opts.flag("no-attention");
    core::Registry &registry = cmd.registry(); // reopens sequential runs for their attention maps
    config.registry = &registry;
    const core::ProjectStore store(db, core::ProjectStore::OpenMode::ReadOnly);
    core::writeReport(store, config, *out);
    std::printf("wrote %s\n", out->c_str());
    return 0;
}

} // namespace recscope::app
