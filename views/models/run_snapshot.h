// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/store.h>

#include <QtCore/QString>

#include <vector>

namespace recscope::views {

/// Everything the compare view shows about one run, read from the store once (views never
/// query SQLite from data()).
struct RunSnapshot
{
    core::RunRecord run;
    core::MetricValues test, valid;
    std::vector<core::MetricSample> curves;
};

/// Loads every run of the store, newest last.
std::vector<RunSnapshot> loadRunSnapshots(const core::ProjectStore &store);

/// A run's label with its place in a sweep: "BPR-MF · trial 3 of sweep 1", "BPR-MF · selected
/// (sweep 1)", or the label alone.
QString runLabel(const core::RunRecord &run);

/// Lower is better for these (popularity bias, concentration); higher for everything else.
bool lowerIsBetter(const QString &metric);

} // namespace recscope::views
