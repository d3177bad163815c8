// SPDX-License-Identifier: MIT
// recscope-cli extract: few-shot model extraction of a sequential run, agreement vs budget.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"
#include "config_flags.h"
#include "stored_or_computed.h"

#include <recscope/core/extraction.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kExtractHelp = R"(usage: recscope-cli extract RUN_ID --db FILE [options]

Attacks a finished sequential run (saved weights needed) as a black box that returns top-K
lists, as in few-shot model extraction (Zhang & Liu, 2024) on Yue et al.'s framework: the
attacker holds a small share of real user sequences, asks the victim about their prefixes,
synthesises more sequences autoregressively from the victim's lists, and distils a SASRec
surrogate with ranking losses (and the bidirectional repair loss). For every query budget and
variant it prints, and stores with the run, Agreement@1/5/10/20 between the victim's and the
surrogate's lists on users the attacker never saw, and the surrogate's own NDCG@10.
Variants: few-shot (real prefixes only), augmented (+ synthetic sequences), augmented+repair.

Options (defaults in brackets, from Yue et al. where they have them):
)";

constexpr const char *kExtractTail
    = R"(  --stored                 print the run's latest stored extraction instead of attacking
  --json                   print the report as JSON
)";

void printReport(const core::ExtractionReport &r)
{
    std::printf("model extraction of run %lld (%s): attacker holds %lld users' sequences; "
                "agreement on %lld held-out users; "
                "victim NDCG@10 %.4f\n\n",
                static_cast<long long>(r.runId),
                r.label.c_str(),
                static_cast<long long>(r.fewShotUsers),
                static_cast<long long>(r.evalUsers),
                r.victimNdcg);
    std::printf("%-18s %8s %8s %6s %6s %8s %8s %8s %8s %9s %7s\n",
                "variant",
                "budget",
                "queries",
                "seqs",
                "gate",
                "Agr@1",
                "Agr@5",
                "Agr@10",
                "Agr@20",
                "NDCG@10",
                "time");
    for (const auto &p : r.points) {
        auto agr = [&](int k) { return p.agreement.count(k) ? p.agreement.at(k) : 0.0; };
        std::printf("%-18s %8lld %8lld %6lld %6.2f %8.4f %8.4f %8.4f %8.4f %9.4f %6.1fs\n",
                    p.variant.c_str(),
                    static_cast<long long>(p.budget),
                    static_cast<long long>(p.queries),
                    static_cast<long long>(p.sequences),
                    p.gate,
                    agr(1),
                    agr(5),
                    agr(10),
                    agr(20),
                    p.ndcg,
                    p.seconds);
    }
}

} // namespace

int extractCommand(const std::vector<std::string> &args)
{
    return runAnalysisCommand<core::ExtractionConfig, core::ExtractionReport>(
        args,
        {kExtractHelp,
         kExtractTail,
         core::AnalysisKind::Extraction,
         "extraction",
         "extract",
         [](const auto &registry, auto &store, auto runId, const auto &config, auto stop) {
             return core::runExtraction(
                 registry, store, runId, config, stop, [](double f, const std::string &what) {
                     std::fprintf(stderr, "[%3.0f%%] %s\n", 100 * f, what.c_str());
                 });
         },
         printReport});
}

} // namespace recscope::app
