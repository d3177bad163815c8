// SPDX-License-Identifier: MIT
#pragma once
// Uncertainty of a metric over repeated runs (seeds): mean ± std with a Student-t interval, and a
// paired t-test between two configurations run on the same seeds.

#include "recscope/core/export.h"

#include <span>

namespace recscope::core {

/// Mean, sample standard deviation (n − 1) and the two-sided 95% Student-t interval of the mean,
/// mean ± t(0.975, n − 1) · std / √n. With one value std and the interval are NaN.
struct RS_CORE_EXPORT SampleSummary
{
    int n = 0;
    double mean = 0, std = 0, ciLow = 0, ciHigh = 0;
};

RS_CORE_EXPORT SampleSummary summarize(std::span<const double> values);

/// Paired t-test of a − b over pairs (the same seed in both configurations): the mean
/// difference with its 95% interval, t = mean / (std / √n) on n − 1 degrees of freedom and the
/// two-sided p-value. Needs n ≥ 2 pairs; p is NaN when every difference is equal.
struct RS_CORE_EXPORT PairedTest
{
    int n = 0;
    double meanDifference = 0, stdDifference = 0, ciLow = 0, ciHigh = 0, t = 0, pValue = 0;
};

/// Throws ConfigError("pairs") when the spans differ in length or hold fewer than 2 pairs.
RS_CORE_EXPORT PairedTest pairedTTest(std::span<const double> a, std::span<const double> b);

/// P(T ≤ t) for Student's t with df degrees of freedom (df > 0).
RS_CORE_EXPORT double studentTCdf(double t, double df);
/// The p-quantile of Student's t with df degrees of freedom, 0 < p < 1.
RS_CORE_EXPORT double studentTQuantile(double p, double df);

} // namespace recscope::core
