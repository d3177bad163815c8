// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/split.h>

#include <QtTest/QtTest>

using namespace recscope::core;

namespace {
// u0 has 10 rows in reverse time order in the file; u1 has 2 rows; u2 has 3.
Dataset rows()
{
    Dataset d;
    d.userIds = {"u0", "u1", "u2"};
    for (int i = 0; i < 10; ++i)
        d.itemIds.push_back("i" + std::to_string(i));
    for (int t = 9; t >= 0; --t) {
        d.user.push_back(0);
        d.item.push_back(t);
        d.time.push_back(100 + t);
        d.value.push_back(1);
    }
    for (int t = 0; t < 2; ++t) {
        d.user.push_back(1);
        d.item.push_back(t);
        d.time.push_back(t);
        d.value.push_back(1);
    }
    for (int t = 0; t < 3; ++t) {
        d.user.push_back(2);
        d.item.push_back(t + 5);
        d.time.push_back(50 + t);
        d.value.push_back(1);
    }
    return d;
}
} // namespace

class tst_Split : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leaveOneOutByTime()
    {
        const Dataset d = rows();
        const Split s = makeSplit(d, {});
        QCOMPARE(s.test.size(), std::size_t(2)); // u1 has < 3 rows: training only
        QCOMPARE(s.valid.size(), std::size_t(2));
        QCOMPARE(s.train.size(), std::size_t(11));
        QCOMPARE(d.item[s.test[0]], 9);  // u0's latest
        QCOMPARE(d.item[s.valid[0]], 8); // second latest
        QCOMPARE(d.item[s.test[1]], 7);
        QCOMPARE(d.item[s.train[0]], 0); // train in time order
    }

    void leaveOneOutTwoRowUsersAsRecBole()
    {
        // RecBole's legal_leave_one_num = min(2, n - 1): u1's two rows give one train and one
        // test row, no validation row; u0 and u2 are split as by default.
        SplitConfig c;
        c.twoRowUsersToTest = true;
        const Dataset d = rows();
        const Split s = makeSplit(d, c);
        QCOMPARE(s.test.size(), std::size_t(3));
        QCOMPARE(s.valid.size(), std::size_t(2));
        QCOMPARE(s.train.size(), std::size_t(8 + 1 + 1));
        QCOMPARE(d.user[s.test[1]], 1);
        QCOMPARE(d.item[s.test[1]], 1); // u1's later row
        QCOMPARE(d.user[s.train[8]], 1);
        QCOMPARE(d.item[s.train[8]], 0);
    }

    void userRatioFollowsRecBoleCounts()
    {
        // n = 10 → 8/1/1; n = 3 → floor gives 0/0, both shares in (0,1) → 1/1/1; n = 2 → 1/0/1.
        SplitConfig c;
        c.kind = SplitKind::UserRatio;
        const Split s = makeSplit(rows(), c);
        QCOMPARE(s.train.size(), std::size_t(8 + 1 + 1));
        QCOMPARE(s.valid.size(), std::size_t(1 + 0 + 1));
        QCOMPARE(s.test.size(), std::size_t(1 + 1 + 1));
    }

    void temporalCutsGlobally()
    {
        SplitConfig c;
        c.kind = SplitKind::Temporal;
        c.trainRatio = 0.6;
        c.validRatio = 0.2;
        c.testRatio = 0.2;
        const Dataset d = rows();
        const Split s = makeSplit(d, c);
        QCOMPARE(s.train.size(), std::size_t(9));
        QCOMPARE(s.valid.size(), std::size_t(3));
        QCOMPARE(s.test.size(), std::size_t(3));
        std::int64_t maxTrain = 0, minTest = 1 << 30;
        for (auto r : s.train)
            maxTrain = std::max(maxTrain, d.time[r]);
        for (auto r : s.test)
            minTest = std::min(minTest, d.time[r]);
        QVERIFY(maxTrain <= minTest);
    }
};

QTEST_GUILESS_MAIN(tst_Split)
#include "tst_split.moc"
