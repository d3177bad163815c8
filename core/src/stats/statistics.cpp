// SPDX-License-Identifier: MIT
// Student-t distribution through the regularised incomplete beta function
// I_x(a, b), evaluated with its continued fraction (modified Lentz), as in Abramowitz & Stegun
// 26.5.8 and 26.7.1: P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
#include "recscope/core/statistics.h"

#include "recscope/core/error.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace recscope::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The continued fraction of I_x(a, b) (A&S 26.5.8), converging for x < (a + 1) / (a + b + 2).
double betaFraction(double a, double b, double x)
{
    constexpr double kTiny = 1e-300, kEps = 1e-15;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::abs(d) < kTiny ? kTiny : d);
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        for (int odd = 0; odd < 2; ++odd) {
            const double num = odd == 0
                                   ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                                   : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + num * d;
            d = 1 / (std::abs(d) < kTiny ? kTiny : d);
            c = 1 + num / c;
            c = std::abs(c) < kTiny ? kTiny : c;
            h *= c * d;
            if (odd == 1 && std::abs(c * d - 1) < kEps)
                return h;
        }
    }
    return h;
}

/// I_x(a, b), the regularised incomplete beta function.
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b)
                                  + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2))
        return front * betaFraction(a, b, x) / a;
    return 1 - front * betaFraction(b, a, 1 - x) / b; // symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
}

} // namespace

double studentTCdf(double t, double df)
{
    if (std::isnan(t) || !(df > 0))
        return kNaN;
    if (std::isinf(t))
        return t > 0 ? 1.0 : 0.0;
    const double tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t)); // P(T > |t|)
    return t > 0 ? 1 - tail : tail;
}

double studentTQuantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0))
        return kNaN;
    if (p == 0.5)
        return 0;
    if (p < 0.5)
        return -studentTQuantile(1 - p, df);
    double lo = 0, hi = 1;
    while (studentTCdf(hi, df) < p)
        hi *= 2;
    for (int k = 0; k < 200 && hi - lo > 1e-12 * hi; ++k) {
        const double mid = 0.5 * (lo + hi);
        (studentTCdf(mid, df) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

SampleSummary summarize(std::span<const double> values)
{
    SampleSummary s;
    s.n = int(values.size());
    if (s.n == 0)
        return {0, kNaN, kNaN, kNaN, kNaN};
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / s.n;
    if (s.n == 1) {
        s.std = s.ciLow = s.ciHigh = kNaN;
        return s;
    }
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(squares / (s.n - 1));
    const double half = studentTQuantile(0.975, s.n - 1) * s.std / std::sqrt(double(s.n));
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
    return s;
}

PairedTest pairedTTest(std::span<const double> a, std::span<const double> b)
{
    if (a.size() != b.size())
        throw ConfigError("pairs", "a paired test needs the same seeds in both configurations");
    if (a.size() < 2)
        throw ConfigError("pairs",
                          "a paired test needs at least 2 seeds run in both configurations");
    std::vector<double> diff(a.size());
    for (std::size_t k = 0; k < a.size(); ++k)
        diff[k] = a[k] - b[k];
    const SampleSummary s = summarize(diff);
    PairedTest out;
    out.n = s.n;
    out.meanDifference = s.mean;
    out.stdDifference = s.std;
    out.ciLow = s.ciLow;
    out.ciHigh = s.ciHigh;
    out.t = s.mean / (s.std / std::sqrt(double(s.n)));
    out.pValue = s.std > 0 ? 2 * studentTCdf(-std::abs(out.t), s.n - 1)
                           : kNaN; // the lower tail keeps tiny p exact
    return out;
}

} // namespace recscope::core
