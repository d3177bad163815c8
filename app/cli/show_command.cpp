// SPDX-License-Identifier: MIT
// recscope-cli show: everything the project database holds about one run.
#include "command_line.h"
#include "commands.h"

#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace recscope::app {

namespace {

constexpr const char *kShowHelp = R"(usage: recscope-cli show RUN_ID --db FILE [--json]

Everything stored about one run: model, label, status and message, device, seed, parameters,
epochs (best), timings, where it belongs (configuration, sweep), its dataset, final validation
and test metrics, its files (checkpoint, saved model) and how many analyses it has.

Options:
  --json   the same as one JSON object
)";

nlohmann::json describe(const core::ProjectStore &store, const core::RunRecord &r)
{
    nlohmann::json files = nlohmann::json::object();
    for (const auto &[kind, path] : store.artifacts(r.id))
        files[kind] = {{"path", path}, {"exists", std::filesystem::exists(path)}};
    nlohmann::json analyses = nlohmann::json::object();
    for (core::AnalysisKind kind : core::allAnalysisKinds())
        analyses[core::analysisKindKey(kind)] = store.audits(r.id, kind).size();
    nlohmann::json j{{"id", r.id},
                     {"experiment", r.experimentId},
                     {"model", r.model},
                     {"label", r.label},
                     {"status", core::runStatusName(r.status)},
                     {"message", r.message},
                     {"device", r.device},
                     {"seed", r.seed},
                     {"params", nlohmann::json::parse(r.paramsJson.empty() ? "{}" : r.paramsJson)},
                     {"epochs", r.epochs},
                     {"best_epoch", r.bestEpoch},
                     {"train_seconds", r.trainSeconds},
                     {"eval_seconds", r.evalSeconds},
                     {"started", r.startedAt},
                     {"finished", r.finishedAt},
                     {"config_key", r.configKey},
                     {"valid", store.finalMetrics(r.id, "valid")},
                     {"test", store.finalMetrics(r.id, "test")},
                     {"files", files},
                     {"analyses", analyses}};
    if (r.datasetId != 0) {
        const auto d = store.dataset(r.datasetId);
        j["dataset"] = {{"name", d.name},
                        {"source", d.source},
                        {"stats", nlohmann::json::parse(d.statsJson.empty() ? "{}" : d.statsJson)}};
    }
    if (r.sweepId != 0)
        j["sweep"] = {{"id", r.sweepId}, {"trial", r.sweepTrial + 1}, {"role", r.sweepRole}};
    return j;
}

void printMetrics(const char *phase, const nlohmann::json &metrics)
{
    if (metrics.empty())
        return;
    std::printf("%s metrics:\n", phase);
    for (const auto &[name, value] : metrics.items())
        std::printf("  %-26s %.6g\n", name.c_str(), value.get<double>());
}

void printText(const nlohmann::json &j)
{
    std::printf("run %lld: %s (%s), %s%s%s\n",
                j["id"].get<long long>(),
                j["label"].get<std::string>().c_str(),
                j["model"].get<std::string>().c_str(),
                j["status"].get<std::string>().c_str(),
                j["message"].get<std::string>().empty() ? "" : ": ",
                j["message"].get<std::string>().c_str());
    std::printf("  experiment %lld, seed %llu, on %s\n",
                j["experiment"].get<long long>(),
                j["seed"].get<unsigned long long>(),
                j["device"].get<std::string>().c_str());
    std::printf("  epochs %d (best %d), train %.1f s, evaluation %.1f s\n",
                j["epochs"].get<int>(),
                j["best_epoch"].get<int>(),
                j["train_seconds"].get<double>(),
                j["eval_seconds"].get<double>());
    std::printf("  started %s, finished %s\n",
                j["started"].get<std::string>().c_str(),
                j["finished"].get<std::string>().c_str());
    if (j.contains("dataset"))
        std::printf("  dataset %s (%s)\n",
                    j["dataset"]["name"].get<std::string>().c_str(),
                    j["dataset"]["source"].get<std::string>().c_str());
    if (j.contains("sweep"))
        std::printf("  sweep %lld, trial %d (%s)\n",
                    j["sweep"]["id"].get<long long>(),
                    j["sweep"]["trial"].get<int>(),
                    j["sweep"]["role"].get<std::string>().c_str());
    std::printf("parameters: %s\n", j["params"].dump().c_str());
    printMetrics("validation", j["valid"]);
    printMetrics("test", j["test"]);
    for (const auto &[kind, file] : j["files"].items())
        std::printf("file %s: %s%s\n",
                    kind.c_str(),
                    file["path"].get<std::string>().c_str(),
                    file["exists"].get<bool>() ? "" : " (gone)");
    for (const auto &[kind, count] : j["analyses"].items())
        if (count.get<int>() > 0)
            std::printf("analyses %s: %d\n", kind.c_str(), count.get<int>());
}

} // namespace

int showCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kShowHelp, {"db"}, {"json"}, 1, {"db"}});
    const core::ProjectStore store(cmd.existingDb(), core::ProjectStore::OpenMode::ReadOnly);
    const auto j = describe(store, store.run(cmd.runId()));
    if (cmd.options().flag("json"))
        std::printf("%s\n", j.dump(2).c_str());
    else
        printText(j);
    return 0;
}

} // namespace recscope::app
