// SPDX-License-Identifier: MIT
// recscope-cli: the headless front end over core (no Qt), for servers and benchmarks.
#include "commands.h"

#include <recscope/core/error.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace {

constexpr const char *kUsage = R"(usage: recscope-cli <command> [options]

Commands:
  run SPEC.json [--db FILE]        run an experiment spec, store results, print a table
  resume RUN_ID --db FILE          continue a stopped run from its checkpoint
  sweep SPEC.json [--db FILE]      hyper-parameter sweeps: trials on validation, the selected one tested
  runs --db FILE                   list the runs stored in a project database
  evaluate RUN_ID --db FILE        evaluate a run's saved model afresh against its stored metrics
  attention RUN_ID --db FILE       what a trained run attends to, as CSV
  sae RUN_ID --db FILE             train a RecSAE probe on a sequential run's hidden states
  concepts SAE_RUN_ID --db FILE    a probe's concept dictionary (table, CSV or JSON)
  steer SAE_RUN_ID --db FILE --latent J   ablate or amplify a latent, show the rankings move
  audit RUN_ID --db FILE           fairness and bias of a run's recommendations
  loop RUN_ID --db FILE            source bias over rounds of a simulated feedback loop
  extract RUN_ID --db FILE         few-shot model extraction: surrogate agreement vs queries
  report SPEC|DB --out FILE        the project's report: HTML or PDF with charts, JSON or CSV numbers
  dataset inspect PATH|synthetic   load a dataset and print statistics
  split export SPEC --out DIR      write a spec's split as RecBole benchmark files (or TSV)
  models                           list the models (their parameters), plugin dataset formats and metrics
  plugins                          list the plugins found, what each adds, and why any was refused

Run 'recscope-cli <command> --help' for a command's options.
)";

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("recscope-cli %s\n", RECSCOPE_VERSION);
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "run")
            return recscope::app::runCommand(args);
        if (command == "resume")
            return recscope::app::resumeCommand(args);
        if (command == "sweep")
            return recscope::app::sweepCommand(args);
        if (command == "runs")
            return recscope::app::runsCommand(args);
        if (command == "evaluate")
            return recscope::app::evaluateCommand(args);
        if (command == "attention")
            return recscope::app::attentionCommand(args);
        if (command == "sae")
            return recscope::app::saeCommand(args);
        if (command == "concepts")
            return recscope::app::conceptsCommand(args);
        if (command == "steer")
            return recscope::app::steerCommand(args);
        if (command == "audit")
            return recscope::app::auditCommand(args);
        if (command == "loop")
            return recscope::app::loopCommand(args);
        if (command == "extract")
            return recscope::app::extractCommand(args);
        if (command == "report")
            return recscope::app::reportCommand(args);
        if (command == "split")
            return recscope::app::splitCommand(args);
        if (command == "dataset")
            return recscope::app::datasetCommand(args);
        if (command == "models")
            return recscope::app::modelsCommand(args);
        if (command == "plugins")
            return recscope::app::pluginsCommand(args);
        std::fprintf(stderr, "recscope-cli: unknown command '%s'\n\n%s", command.c_str(), kUsage);
        return 2;
    } catch (const std::invalid_argument &e) {
        std::fprintf(stderr, "recscope-cli %s: %s\n", command.c_str(), e.what());
        return 2;
    } catch (const recscope::Error &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
