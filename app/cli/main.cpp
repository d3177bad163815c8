// SPDX-License-Identifier: MIT
// recscope-cli: the headless front end over core (no Qt), for servers and benchmarks.
#include "command_line.h"
#include "commands.h"

#include <recscope/core/error.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

using recscope::app::CommandExit;

/// One line per command: its name, how it is called, what it does, and its function.
struct Command
{
    const char *name, *call, *summary;
    int (*run)(const std::vector<std::string> &args);
};

constexpr Command kCommands[] = {
    {"run",
     "SPEC.json [--db FILE]",
     "run an experiment spec, store results, print a table",
     recscope::app::runCommand},
    {"resume",
     "RUN_ID --db FILE",
     "continue a stopped run from its checkpoint",
     recscope::app::resumeCommand},
    {"sweep",
     "SPEC.json [--db FILE]",
     "hyper-parameter sweeps: trials on validation, the selected one tested",
     recscope::app::sweepCommand},
    {"runs", "--db FILE", "list the runs stored in a project database", recscope::app::runsCommand},
    {"show",
     "RUN_ID --db FILE",
     "everything stored about one run: parameters, metrics, files",
     recscope::app::showCommand},
    {"evaluate",
     "RUN_ID --db FILE",
     "evaluate a run's saved model afresh against its stored metrics",
     recscope::app::evaluateCommand},
    {"attention",
     "RUN_ID --db FILE",
     "what a trained run attends to, as CSV",
     recscope::app::attentionCommand},
    {"sae",
     "RUN_ID --db FILE",
     "train a RecSAE probe on a sequential run's hidden states",
     recscope::app::saeCommand},
    {"concepts",
     "SAE_RUN_ID --db FILE",
     "a probe's concept dictionary (table, CSV or JSON)",
     recscope::app::conceptsCommand},
    {"steer",
     "SAE_RUN_ID --db FILE --latent J",
     "ablate or amplify a latent, show the rankings move",
     recscope::app::steerCommand},
    {"audit",
     "RUN_ID --db FILE",
     "fairness and bias of a run's recommendations",
     recscope::app::auditCommand},
    {"loop",
     "RUN_ID --db FILE",
     "source bias over rounds of a simulated feedback loop",
     recscope::app::loopCommand},
    {"extract",
     "RUN_ID --db FILE",
     "few-shot model extraction: surrogate agreement vs queries",
     recscope::app::extractCommand},
    {"report",
     "SPEC|DB --out FILE",
     "the project's report: HTML or PDF with charts, JSON or CSV numbers",
     recscope::app::reportCommand},
    {"dataset",
     "inspect PATH|synthetic",
     "load a dataset and print statistics",
     recscope::app::datasetCommand},
    {"split",
     "export SPEC --out DIR",
     "write a spec's split as RecBole benchmark files (or TSV)",
     recscope::app::splitCommand},
    {"models",
     "",
     "list the models (their task and parameters), plugin dataset formats and metrics",
     recscope::app::modelsCommand},
    {"plugins",
     "",
     "list the plugins found, what each adds, and why any was refused",
     recscope::app::pluginsCommand},
    {"kernels",
     "list|tune|clear",
     "the fused kernels' variants tuned for this machine",
     recscope::app::kernelsCommand},
};

std::string usage()
{
    std::string out = "usage: recscope-cli <command> [options]\n\nCommands:\n";
    for (const auto &c : kCommands) {
        std::string head = "  " + std::string(c.name) + (*c.call ? " " : "") + c.call;
        head.resize(std::max<std::size_t>(head.size() + 3, 35), ' ');
        out += head + c.summary + "\n";
    }
    return out + "\nRun 'recscope-cli <command> --help' for a command's options.\n";
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(usage().c_str(), args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("recscope-cli %s\n", RECSCOPE_VERSION);
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    const Command *found = nullptr;
    for (const auto &c : kCommands)
        if (command == c.name)
            found = &c;
    if (!found) {
        std::fprintf(stderr,
                     "recscope-cli: unknown command '%s'\n\n%s",
                     command.c_str(),
                     usage().c_str());
        return 2;
    }
    try {
        return found->run(args);
    } catch (const CommandExit &e) { // --help, or a call that does not fit the command
        return e.code;
    } catch (const std::invalid_argument &e) {
        std::fprintf(stderr, "recscope-cli %s: %s\n", command.c_str(), e.what());
        return 2;
    } catch (const recscope::Cancelled &e) { // Ctrl+C: a state, not an error
        std::fprintf(stderr, "%s\n", e.what());
        return 130;
    } catch (const recscope::Error &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
