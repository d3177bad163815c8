// SPDX-License-Identifier: MIT
// Mean ± std, Student-t intervals and the paired t-test against values worked by hand and from
// t tables (Abramowitz & Stegun, Table 26.10).
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/statistics.h>

#include <QtTest/QtTest>

#include <cmath>
#include <vector>

using namespace recscope;
using namespace recscope::core;

class tst_Statistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tDistributionMatchesTables()
    {
        RS_COMPARE_NEAR(studentTCdf(0.0, 5), 0.5, 1e-12);
        RS_COMPARE_NEAR(studentTCdf(1.0, 1), 0.75, 1e-10); // Cauchy: 1/2 + atan(1)/π
        RS_COMPARE_NEAR(studentTCdf(-1.0, 1), 0.25, 1e-10);
        // df = 2 has a closed form: F(t) = 1/2 + t / (2 √(t² + 2)).
        RS_COMPARE_NEAR(studentTCdf(1.5, 2), 0.5 + 1.5 / (2 * std::sqrt(4.25)), 1e-10);
        RS_COMPARE_NEAR(studentTQuantile(0.975, 1), 12.706205, 1e-5);
        RS_COMPARE_NEAR(studentTQuantile(0.975, 2), 4.302653, 1e-5);
        RS_COMPARE_NEAR(studentTQuantile(0.975, 4), 2.776445, 1e-5);
        RS_COMPARE_NEAR(studentTQuantile(0.975, 9), 2.262157, 1e-5);
        RS_COMPARE_NEAR(studentTQuantile(0.975, 30), 2.042272, 1e-5);
        RS_COMPARE_NEAR(studentTQuantile(0.025, 9), -2.262157, 1e-5);
        QVERIFY(std::isnan(studentTQuantile(1.0, 3)));
    }

    void summaryHasTheTInterval()
    {
        // {1, 2, 3, 4}: mean 2.5, std √(5/3); 95% CI 2.5 ± t(0.975, 3) · std / 2, t = 3.182446.
        const std::vector<double> v{1, 2, 3, 4};
        const auto s = summarize(v);
        QCOMPARE(s.n, 4);
        RS_COMPARE_NEAR(s.mean, 2.5, 1e-12);
        RS_COMPARE_NEAR(s.std, std::sqrt(5.0 / 3), 1e-12);
        RS_COMPARE_NEAR(s.ciLow, 2.5 - 3.182446 * std::sqrt(5.0 / 3) / 2, 1e-5);
        RS_COMPARE_NEAR(s.ciHigh, 2.5 + 3.182446 * std::sqrt(5.0 / 3) / 2, 1e-5);
        const std::vector<double> one{0.3};
        const auto single = summarize(one);
        QCOMPARE(single.mean, 0.3);
        QVERIFY(std::isnan(single.std) && std::isnan(single.ciLow));
    }

    void pairedTestByHand()
    {
        // Differences 0.02, 0.01, 0.04: mean 0.07/3, variance 7/30000, so t = (0.07/3) /
        // √(7/90000) = √7 exactly; with df = 2, p = 1 − t/√(t² + 2) = 1 − √7/3.
        const std::vector<double> a{0.30, 0.32, 0.35}, b{0.28, 0.31, 0.31};
        const auto t = pairedTTest(a, b);
        QCOMPARE(t.n, 3);
        RS_COMPARE_NEAR(t.meanDifference, 0.07 / 3, 1e-12);
        RS_COMPARE_NEAR(t.t, std::sqrt(7.0), 1e-9);
        RS_COMPARE_NEAR(t.pValue, 1 - std::sqrt(7.0) / 3, 1e-9);
        RS_COMPARE_NEAR(t.ciHigh - t.meanDifference,
                        4.302653 * std::sqrt(7.0 / 30000) / std::sqrt(3.0),
                        1e-6);
        // Swapping the configurations flips the sign, not the p-value.
        const auto back = pairedTTest(b, a);
        RS_COMPARE_NEAR(back.t, -std::sqrt(7.0), 1e-9);
        RS_COMPARE_NEAR(back.pValue, t.pValue, 1e-12);
        const std::vector<double> shortOne{0.1};
        RS_EXPECT_ERROR(pairedTTest(shortOne, shortOne), ConfigError, "at least 2 seeds");
        RS_EXPECT_ERROR(pairedTTest(a, shortOne), ConfigError, "same seeds");
    }
};

QTEST_GUILESS_MAIN(tst_Statistics)
#include "tst_statistics.moc"
