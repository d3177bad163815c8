// SPDX-License-Identifier: MIT
// recscope-cli split export: a spec's split as files another framework reads.
#include "cli_options.h"
#include "command_line.h"
#include "commands.h"

#include <recscope/core/experiment.h>
#include <recscope/core/prepare.h>
#include <recscope/core/registry.h>
#include <recscope/core/split_files.h>

#include <cstdio>
#include <stdexcept>

namespace recscope::app {

namespace {

constexpr const char *kSplitHelp = R"(usage: recscope-cli split export SPEC.json --out DIR [options]

Loads the spec's dataset, prepares it and splits it exactly as 'recscope-cli run' does, and writes
the three parts with their original ids, so another framework runs on the same rows:
  recbole  DIR/NAME.train.inter, NAME.valid.inter, NAME.test.inter (+ NAME.user, NAME.item with
           the attributes), RecBole's benchmark files: set data_path to DIR's parent, dataset to
           NAME and benchmark_filename to [train, valid, test]
  recbole-seq  RecBole's sequential benchmark rows (user_id, item_id_list, item_id): every
           training item from a user's second on with the items before it, each validation and
           test item with the user's known items, at most --max-len of them (what RecBole's own
           augmentation makes of a leave-one-out split)
  tsv      DIR/NAME.train.tsv, … with a header user, item, rating, timestamp[, feedback]
A spec with "split": {"kind": "files"} reads such files back. Fake users of an "attack"
section are not written.

Options:
  --out DIR          folder to write (created)
  --name NAME        file stem [DIR's folder name]
  --format F         recbole, recbole-seq or tsv [recbole]
  --max-len N        recbole-seq: items before each target [50]
)";

} // namespace

int splitCommand(const std::vector<std::string> &args)
{
    CommandLine cmd(args,
                    {kSplitHelp,
                     {"out", "name", "format", "max-len"},
                     {},
                     2,
                     {"out"},
                     [](const CliOptions &o) { return o.positional()[0] == "export"; }});
    const CliOptions &opts = cmd.options();
    const auto out = opts.value("out");
    const std::string format = opts.value("format").value_or("recbole");
    if (format != "recbole" && format != "recbole-seq" && format != "tsv")
        throw std::invalid_argument("--format: expected recbole, recbole-seq or tsv, not '" + format
                                    + "'");
    const int maxLength = opts.count("max-len", 50);
    const std::filesystem::path dir = *out;
    const std::string name = opts.value("name").value_or(
        std::filesystem::absolute(dir).lexically_normal().filename().string());
    core::Registry &registry = cmd.registry();
    const auto spec = core::ExperimentSpec::fromFile(opts.positional()[1], registry);
    const core::Dataset data
        = core::prepareDataset(core::loadExperimentData(spec.dataset, spec.split), spec.prepare);
    const core::Split split = core::makeSplit(data, spec.split);
    if (format == "recbole-seq" && spec.split.kind != core::SplitKind::LeaveOneOut)
        std::fprintf(stderr,
                     "note: recbole-seq rows are what RecBole makes of a leave-one-out split; this "
                     "spec's split is %s\n",
                     core::splitKindName(spec.split.kind));
    const auto kind = format == "tsv"           ? core::SplitFileFormat::Tsv
                      : format == "recbole-seq" ? core::SplitFileFormat::RecBoleSequences
                                                : core::SplitFileFormat::RecBole;
    const auto files = core::exportSplit(data, split, dir, name, kind, maxLength);
    const std::size_t rows[3] = {split.train.size(), split.valid.size(), split.test.size()};
    for (std::size_t k = 0; k < 3; ++k)
        std::printf("%-10zu %s\n", rows[k], files[k].string().c_str());
    return 0;
}

} // namespace recscope::app
