// SPDX-License-Identifier: MIT
// RecSAE from the command line: train a probe, print or export its concept dictionary, steer.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "config_flags.h"
#include "console_observer.h"

#include <recscope/core/registry.h>
#include <recscope/core/sae.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kSaeHelp = R"(usage: recscope-cli sae RUN_ID --db FILE [options]

Trains a RecSAE sparse autoencoder on the hidden states of a trained sequential run (SASRec,
HSTU; the run needs saved weights: trained with --checkpoints or from the workbench), builds its
concept dictionary and stores both as a new run of model "recsae". Prints reconstruction quality,
the recommendation metric on reconstructed states next to the model's own, and how many latents
have a confident concept (and, on the synthetic dataset, how many planted genres and transitions
were found).

Options (defaults in brackets, from the RecSAE code):
)";

constexpr const char *kSaeTail
    = R"(  --examples N             describe, verify and random examples per latent at once
  --quiet                  only warnings, errors and the summary
)";

constexpr const char *kConceptsHelp
    = R"(usage: recscope-cli concepts SAE_RUN_ID --db FILE [--format table|csv|json] [--confident]

Prints a probe's concept dictionary: one line per latent with its label, confidence (the share of
held-out top-activating and random inactive sequences the label predicts right), precision,
recall, how often it fires and its mean activation. --confident keeps latents at or above the
probe's confidence threshold; json includes each latent's top sequences and histogram.
)";

constexpr const char *kSteerHelp
    = R"(usage: recscope-cli steer SAE_RUN_ID --db FILE --latent J [--factor F] [--concept] [--users ID,ID,...] [--top N] [--k K]

Edits a latent in the users' final hidden states (z_j := F × the latent's largest activation;
F = 0 ablates it) and prints each user's top-K recommendations before and after, plus the share
of the concept's items (its genre or item) in the lists before and after. --concept edits every
latent whose concept says the same (dictionaries split a concept over several latents). Without
--users the N users on whom the latent fires most are used [--top 5]; --k sets K [10].
)";

void printSummary(const core::ProjectStore &store, std::int64_t id)
{
    const auto run = store.run(id);
    const auto test = store.finalMetrics(id, "test");
    std::printf("probe run %lld (%s): %s after %d epochs (best %d)%s%s\n",
                static_cast<long long>(id),
                run.label.c_str(),
                core::runStatusName(run.status),
                run.epochs,
                run.bestEpoch,
                run.message.empty() ? "" : " — ",
                run.message.c_str());
    for (const auto &[name, value] : test)
        std::printf("  %-26s %.4f\n", name.c_str(), value);
}

} // namespace

int saeCommand(const std::vector<std::string> &args)
{
    using Config = core::SaeConfig;
    std::string help;
    CommandLine cmd(args,
                    withConfigOptions({"", {"db", "examples"}, {"quiet"}, 1, {}},
                                      Config::fields(),
                                      &help,
                                      kSaeHelp,
                                      kSaeTail));
    const CliOptions &opts = cmd.options();
    const auto runId = cmd.runId();
    Config c;
    c.describeExamples = c.verifyExamples = c.randomExamples // the shortcut, then the fields
        = opts.count("examples", c.describeExamples);
    applyConfigOptions(opts, Config::fields(), c); // core checks the values
    core::Registry &registry = cmd.registry();
    core::ProjectStore store(cmd.existingDb());
    std::stop_source stop;
    const InterruptGuard interrupt(stop);
    ConsoleObserver observer(opts.flag("quiet"), "NDCG@10");
    const auto id = core::trainSae(registry, store, runId, c, stop.get_token(), observer);
    printSummary(store, id);
    const auto status = store.run(id).status;
    return status == core::RunStatus::Finished ? 0 : status == core::RunStatus::Cancelled ? 130 : 1;
}

int conceptsCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args, {kConceptsHelp, {"db", "format"}, {"confident"}, 1, {}});
    const CliOptions &opts = cmd.options();
    const auto runId = cmd.runId();
    const std::string format = opts.value("format").value_or("table");
    if (format != "table" && format != "csv" && format != "json")
        throw std::invalid_argument("--format must be table, csv or json, not '" + format + "'");
    const core::ProjectStore store(cmd.existingDb(), core::ProjectStore::OpenMode::ReadOnly);
    const auto run = store.run(runId);
    if (run.model != "recsae")
        throw std::invalid_argument("run " + std::to_string(runId) + " (" + run.label
                                    + ") is not a RecSAE probe; see 'recscope-cli runs'");
    auto concepts = store.concepts(runId);
    if (opts.flag("confident")) {
        const double at = core::SaeConfig::fromJson(run.paramsJson).confidentAt;
        std::erase_if(concepts, [&](const core::Concept &c) { return c.confidence < at; });
    }
    if (format == "json") {
        std::printf("%s\n", core::conceptsToJson(concepts).c_str());
    } else if (format == "csv") {
        std::fputs(core::conceptsToCsv(concepts).c_str(), stdout);
    } else {
        std::printf("%6s  %-10s %-9s %-8s %-9s  %s\n",
                    "latent",
                    "confidence",
                    "precision",
                    "recall",
                    "frequency",
                    "label");
        for (const auto &c : concepts)
            std::printf("%6d  %10.2f %9.2f %8.2f %9.4f  %s\n",
                        c.latent,
                        c.confidence,
                        c.precision,
                        c.recall,
                        c.frequency,
                        c.label.c_str());
    }
    return 0;
}

int steerCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args,
                    {kSteerHelp,
                     {"db", "latent", "factor", "users", "top", "k"},
                     {"concept"},
                     1,
                     {"latent"}});
    const CliOptions &opts = cmd.options();
    const auto runId = cmd.runId();
    const int latent = opts.count("latent", 0);
    core::Registry &registry = cmd.registry();
    const core::ProjectStore store(cmd.existingDb(), core::ProjectStore::OpenMode::ReadOnly);
    const core::SaeLab lab(registry, store, runId);
    std::vector<std::int64_t> users;
    if (auto list = opts.value("users")) {
        std::istringstream in(*list);
        for (std::string id; std::getline(in, id, ',');) {
            const auto u = lab.findUser(id);
            if (u < 0)
                throw std::invalid_argument("--users: no user '" + id
                                            + "' with a history in the probed run's dataset");
            users.push_back(u);
        }
    } else {
        users = lab.mostActiveUsers(latent, opts.count("top", 5));
    }
    const auto latents = opts.flag("concept") ? lab.sameConcept(latent) : std::vector<int>{latent};
    const auto result = lab.steer(latents, opts.number("factor", 0.0), users, opts.count("k", 10));
    std::printf("latent %d: %s", latent, lab.concepts().at(std::size_t(latent)).label.c_str());
    if (latents.size() > 1)
        std::printf(" (and %zu latents with the same concept)", latents.size() - 1);
    std::printf("\n");
    for (const auto &r : result.rows) {
        std::printf("user %s (activation %.3f)\n",
                    lab.userId(r.user).c_str(),
                    double(r.activation));
        for (std::size_t k = 0; k < r.before.size(); ++k)
            std::printf("  %2zu. %-40s %s\n",
                        k + 1,
                        lab.itemName(r.before[k]).c_str(),
                        lab.itemName(r.after[k]).c_str());
    }
    std::printf("concept items in the top %d: %.1f%% before, %.1f%% after\n",
                opts.count("k", 10),
                100 * result.conceptShareBefore,
                100 * result.conceptShareAfter);
    return 0;
}

} // namespace recscope::app
