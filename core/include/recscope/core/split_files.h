// SPDX-License-Identifier: MIT
#pragma once
// Fixed splits as files, both ways: a dataset published as train/valid/test files (RecBole's
// benchmark files NAME.train.inter, NAME.valid.inter, NAME.test.inter, or the same triple as
// CSV/TSV) is read with its own loader, and any spec's split can be written in that form so that
// another framework runs on exactly the same rows.

#include "recscope/core/loaders.h"
#include "recscope/core/split.h"

#include <array>
#include <filesystem>
#include <string>

namespace recscope::core {

/// The train, valid and test files of a "files" split: the config's own, or derived from the
/// dataset path (a RecBole folder D or D/NAME.inter → D/NAME.train.inter, …; NAME.csv →
/// NAME.train.csv, …). ConfigError naming split.kind for sources that have no files.
RS_CORE_EXPORT std::array<std::filesystem::path, 3> splitFiles(const DatasetSource &source,
                                                               const SplitConfig &split);

/// The dataset an experiment runs on: loadDataset(source), or for a "files" split the three files
/// read with the dataset's loader and merged (ids and side data joined by original id), each row
/// keeping its part in Dataset::part. DataError naming the file and line for a missing file, a
/// row that is also in an earlier part, or (unless SplitConfig::keepColdUsers) a valid or test
/// row whose user has no training row.
RS_CORE_EXPORT Dataset loadExperimentData(const DatasetSource &source, const SplitConfig &split);

enum class SplitFileFormat {
    RecBole, ///< NAME.train.inter, … with typed headers, plus NAME.user / NAME.item side files
    RecBoleSequences, ///< RecBole's sequential benchmark rows: user, the items before the target,
                      ///< the target
    Tsv ///< NAME.train.tsv, … with a header user, item, rating, timestamp[, feedback]
};

/// Writes the split's rows with original ids into dir (created) as NAME.train.*, NAME.valid.*,
/// NAME.test.*; returns the three files. Each file is written beside its target and renamed,
/// so a crash leaves no half file. DataError when an id holds a tab or a line break.
/// RecBoleSequences writes what RecBole's own augmentation makes of a leave-one-out split: every
/// training item from a user's second on with the (at most maxLength) items before it, and each
/// validation and test item with the user's known items before it.
RS_CORE_EXPORT std::array<std::filesystem::path, 3> exportSplit(const Dataset &data,
                                                                const Split &split,
                                                                const std::filesystem::path &dir,
                                                                const std::string &name,
                                                                SplitFileFormat format,
                                                                int maxLength = 50);

} // namespace recscope::core
