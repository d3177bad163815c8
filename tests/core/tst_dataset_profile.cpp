// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/dataset_profile.h>

#include <QtTest/QtTest>

using namespace recscope::core;

namespace {

/// 3 users, 4 items; user rows 1, 2, 5 → log2 bins [1,2): 1, [2,4): 1, [4,8): 1.
/// Item rows: i0 4, i1 2, i2 1, i3 1. Ratings 1, 3, 3, 5, 5, 5, 4, 4.
Dataset tiny()
{
    Dataset d;
    d.userIds = {"a", "b", "c"};
    d.itemIds = {"x", "y", "z", "w"};
    d.user = {0, 1, 1, 2, 2, 2, 2, 2};
    d.item = {0, 0, 1, 0, 1, 2, 3, 0};
    d.time = {0, 10, 20, 30, 40, 50, 60, 99};
    d.value = {1, 3, 3, 5, 5, 5, 4, 4};
    d.hasRating = true;
    d.userAttributes.push_back({"gender", false, true, {"F", "M"}, {0, 1, 1}, {}});
    d.itemCategories.name = "genre";
    d.itemCategories.vocabulary = {"drama", "comedy"};
    d.itemCategories.offsets = {0, 2, 3, 3, 4};
    d.itemCategories.tokens = {0, 1, 1, 0};
    return d;
}

} // namespace

class tst_DatasetProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void distributions()
    {
        const auto p = profileDataset(tiny(), 4);
        QCOMPARE(p.popularityByRank.x, (std::vector<double>{1, 2, 3, 4}));
        QCOMPARE(p.popularityByRank.y, (std::vector<double>{4, 2, 1, 1}));
        QCOMPARE(p.userActivity.x, (std::vector<double>{1, 2, 4}));
        QCOMPARE(p.userActivity.y, (std::vector<double>{1, 1, 1}));
        QCOMPARE(p.sequenceLengthCdf.x, (std::vector<double>{1, 2, 5}));
        RS_COMPARE_NEAR(p.sequenceLengthCdf.y[0], 1.0 / 3, 1e-12);
        QCOMPARE(p.sequenceLengthCdf.y[2], 1.0);
        // Time 0..99 in 4 buckets of width 25: {0,10,20}, {30,40}, {50,60}, {99}.
        QCOMPARE(p.overTime.y, (std::vector<double>{3, 2, 2, 1}));
        QCOMPARE(p.overTime.x[1], 25.0);
        QCOMPARE(p.valueCounts.size(), std::size_t(4));
        QCOMPARE(p.valueCounts[2].first, std::string("4"));
        QCOMPARE(p.valueCounts[2].second, 2.0);
    }

    void breakdowns()
    {
        const auto p = profileDataset(tiny(), 4);
        QCOMPARE(p.userBreakdowns.size(), std::size_t(1));
        const auto &g = p.userBreakdowns[0];
        QCOMPARE(g.entities[0].second, 1.0);     // one F user
        QCOMPARE(g.interactions[0].second, 1.0); // with one row
        QCOMPARE(g.interactions[1].second, 7.0);
        const auto &genre = p.itemBreakdowns.at(0);
        QCOMPARE(genre.name, std::string("genre"));
        // drama: items x (4 rows) and w (1 row); comedy: x (4) and y (2).
        QCOMPARE(genre.entities[0].second, 2.0);
        QCOMPARE(genre.interactions[0].second, 5.0);
        QCOMPARE(genre.interactions[1].second, 6.0);

        // A single-valued item attribute of the same name replaces the multi-valued tags.
        Dataset d = tiny();
        d.itemAttributes.push_back({"genre", false, false, {"drama", "comedy"}, {0, 1, 1, 0}, {}});
        const auto q = profileDataset(d, 4);
        QCOMPARE(q.itemBreakdowns.size(), std::size_t(1));
        QCOMPARE(q.itemBreakdowns[0].entities[0].second, 2.0); // x and w are drama
        QCOMPARE(q.itemBreakdowns[0].interactions[0].second, 5.0);
        QCOMPARE(q.itemBreakdowns[0].interactions[1].second, 3.0); // y 2 rows, z 1 row
    }

    void feedbackLevelsReplaceValues()
    {
        auto d = tiny();
        d.feedbackLevels = {"click", "purchase"};
        d.feedback = {0, 0, 0, 1, 0, 0, 1, 0};
        const auto p = profileDataset(d, 4);
        QCOMPARE(p.valueCounts.size(), std::size_t(2));
        QCOMPARE(p.valueCounts[1], (std::pair<std::string, double>{"purchase", 2}));
    }
};

QTEST_GUILESS_MAIN(tst_DatasetProfile)
#include "tst_dataset_profile.moc"
