// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/prepare.h>

#include <QtTest/QtTest>

using namespace recscope::core;

namespace {
// u0: a(5) b(2) a(4, later) c(5) ; u1: a(5) c(3) ; u2: d(1)
Dataset tiny()
{
    Dataset d;
    d.userIds = {"u0", "u1", "u2"};
    d.itemIds = {"a", "b", "c", "d"};
    d.itemTitles = {"A", "B", "C", "D"};
    d.user = {0, 0, 0, 0, 1, 1, 2};
    d.item = {0, 1, 0, 2, 0, 2, 3};
    d.time = {1, 2, 3, 4, 1, 2, 1};
    d.value = {5, 2, 4, 5, 5, 3, 1};
    d.hasRating = true;
    return d;
}
} // namespace

class tst_Prepare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thresholdMakesImplicit()
    {
        PrepareOptions o;
        o.implicitThreshold = 4.0f;
        PrepareReport r;
        const Dataset d = prepareDataset(tiny(), o, &r);
        QCOMPARE(r.belowThreshold, std::size_t(3)); // b(2), c(3), d(1)
        QCOMPARE(d.numInteractions(), std::size_t(4));
        QCOMPARE(d.numUsers(), std::size_t(2)); // u2 lost its only row
        QCOMPARE(d.numItems(), std::size_t(2)); // a and c remain
        QCOMPARE(d.itemIds, (std::vector<std::string>{"a", "c"}));
        QCOMPARE(d.itemTitles, (std::vector<std::string>{"A", "C"}));
        for (float v : d.value)
            QCOMPARE(v, 1.0f);
        QVERIFY(!d.hasRating);
    }

    void dedupeKeepsLatest()
    {
        PrepareOptions o;
        o.dedupe = true;
        PrepareReport r;
        const Dataset d = prepareDataset(tiny(), o, &r);
        QCOMPARE(r.duplicates, std::size_t(1));
        QCOMPARE(d.numInteractions(), std::size_t(6));
        // u0's (a) row kept is the later one, time 3, value 4.
        for (std::size_t k = 0; k < d.numInteractions(); ++k)
            if (d.user[k] == 0 && d.item[k] == 0)
                QCOMPARE(d.time[k], std::int64_t(3));
    }

    void kcoreIteratesToFixpoint()
    {
        // 2-core: u2 (1 row) goes, then d has 0 rows; b has 1 row → goes; u0 still has 3.
        PrepareOptions o;
        o.userCore = 2;
        o.itemCore = 2;
        PrepareReport r;
        const Dataset d = prepareDataset(tiny(), o, &r);
        QCOMPARE(d.numInteractions(), std::size_t(5)); // u0: a a c, u1: a c
        QCOMPARE(d.numUsers(), std::size_t(2));
        QCOMPARE(d.numItems(), std::size_t(2));
        QCOMPARE(r.kcoreRemoved, std::size_t(2));
        QVERIFY(r.kcoreRounds >= 2);
    }
};

QTEST_GUILESS_MAIN(tst_Prepare)
#include "tst_prepare.moc"
