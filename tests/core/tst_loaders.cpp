// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/loaders.h>

#include <QtTest/QtTest>

using namespace recscope;
using namespace recscope::core;

class tst_Loaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void movieLens100k()
    {
        const Dataset d = loadMovieLens(test::dataDir() / "ml-100k");
        QCOMPARE(d.numInteractions(), std::size_t(5));
        QCOMPARE(d.numUsers(), std::size_t(3)); // user 4 has no ratings
        QCOMPARE(d.numItems(), std::size_t(3));
        QVERIFY(d.hasTime && d.hasRating);
        QCOMPARE(d.userIds[0], std::string("1"));
        QCOMPARE(d.value[3], 1.0f);
        QCOMPARE(d.time[4], std::int64_t(881250953));
        const AttributeColumn *g = d.sensitiveAttribute();
        QVERIFY(g && g->name == "gender");
        QCOMPARE(g->categories[g->codes[1]], std::string("F")); // user "2"
        QCOMPARE(d.userAttribute("age")->categories[d.userAttribute("age")->codes[0]], std::string("24"));
        // Item "30" is "Café" in Latin-1 and carries Action + Comedy (flags 6 and 7 of u.genre).
        const auto i30 = std::find(d.itemIds.begin(), d.itemIds.end(), "30") - d.itemIds.begin();
        QCOMPARE(d.itemTitles[i30], std::string("Caf\xc3\xa9 (1996)"));
        auto tokens = d.itemCategories.of(i30);
        QCOMPARE(tokens.size(), std::size_t(2));
        QCOMPARE(d.itemCategories.vocabulary[tokens[0]], std::string("Action"));
        QCOMPARE(d.itemCategories.vocabulary[tokens[1]], std::string("Comedy"));
    }

    void movieLens1m()
    {
        const Dataset d = loadMovieLens(test::dataDir() / "ml-1m" / "ratings.dat");
        QCOMPARE(d.numInteractions(), std::size_t(3));
        QCOMPARE(d.numItems(), std::size_t(2));
        QCOMPARE(d.itemTitles[1], std::string("James and the Giant Peach (1996)"));
        QCOMPARE(d.itemCategories.of(1).size(), std::size_t(3));
        const auto *gender = d.userAttribute("gender");
        QCOMPARE(gender->categories[gender->codes[0]], std::string("F"));
        QCOMPARE(d.userAttribute("occupation")->categories[d.userAttribute("occupation")->codes[1]], std::string("16"));
    }

    void movieLens20mQuotedTitles()
    {
        const Dataset d = loadMovieLens(test::dataDir() / "ml-20m");
        QCOMPARE(d.numInteractions(), std::size_t(3));
        QCOMPARE(d.value[0], 3.5f);
        QCOMPARE(d.itemTitles[0], std::string("American President, The (1995)"));
        QCOMPARE(d.itemCategories.of(0).size(), std::size_t(3));
        QCOMPARE(d.itemCategories.of(1).size(), std::size_t(2));
    }

    void recboleAtomic()
    {
        QCOMPARE(detectFormat(test::dataDir() / "recbole" / "tiny"), DatasetFormat::RecBoleAtomic);
        const Dataset d = loadRecBoleAtomic(test::dataDir() / "recbole" / "tiny");
        QCOMPARE(d.numInteractions(), std::size_t(3));
        QCOMPARE(d.time[2], std::int64_t(150));
        QCOMPARE(d.itemTitles[0], std::string("The Film"));
        QCOMPARE(d.itemCategories.name, std::string("genre"));
        QCOMPARE(d.itemCategories.of(0).size(), std::size_t(2));
        const auto *age = d.userAttribute("age");
        QVERIFY(age && age->numeric);
        QCOMPARE(age->numbers[1], 45.0f);
        QVERIFY(d.userAttribute("gender")->sensitive);
    }

    void delimitedWithMapping()
    {
        ColumnMapping m;
        m.user = "customer";
        m.item = "product";
        m.time = "ts";
        m.feedback = "event";
        m.categories = "tags";
        const Dataset d = loadDelimited(test::dataDir() / "csv" / "events.csv", m);
        QCOMPARE(d.numInteractions(), std::size_t(3));
        QCOMPARE(d.time[0], std::int64_t(1704189600)); // 2024-01-02 10:00:00 UTC
        QCOMPARE(d.time[1], std::int64_t(1704067200)); // 2024-01-01
        QCOMPARE(d.time[2], std::int64_t(1704200000));
        QCOMPARE(d.feedbackLevels.size(), std::size_t(3));
        QCOMPARE(d.feedbackLevels[d.feedback[2]], std::string("cart"));
        QCOMPARE(d.itemCategories.of(0).size(), std::size_t(2));
    }

    void sequenceText()
    {
        const Dataset d = loadSequenceText(test::dataDir() / "seq" / "seqs.txt");
        QCOMPARE(d.numUsers(), std::size_t(3));
        QCOMPARE(d.numItems(), std::size_t(4));
        QCOMPARE(d.numInteractions(), std::size_t(9));
        QVERIFY(d.time[3] < d.time[4]); // order is kept as time
        QCOMPARE(d.itemIds[d.item[8]], std::string("d"));
    }

    void badInputNamesFileLineField_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("where");
        QTest::addRow("recbole non-number") << 0 << QStringLiteral("bad.inter:3: field 'rating'");
        QTest::addRow("movielens short row") << 1 << QStringLiteral("u.data:2");
        QTest::addRow("csv empty user") << 2 << QStringLiteral("empty_user.csv:3: field 'customer'");
        QTest::addRow("csv unknown column") << 3 << QStringLiteral("events.csv:1: field 'buyer'");
        QTest::addRow("missing file") << 4 << QStringLiteral("nope.csv");
    }

    void badInputNamesFileLineField()
    {
        QFETCH(int, which);
        QFETCH(QString, where);
        const auto dir = test::dataDir();
        ColumnMapping m;
        m.user = which == 3 ? "buyer" : "customer";
        m.item = "product";
        try {
            switch (which) {
            case 0: loadRecBoleAtomic(dir / "bad" / "bad.inter"); break;
            case 1: loadMovieLens(dir / "bad" / "u.data"); break;
            case 2: loadDelimited(dir / "bad" / "empty_user.csv", m); break;
            case 3: loadDelimited(dir / "csv" / "events.csv", m); break;
            case 4: loadDelimited(dir / "nope.csv", m); break;
            }
            QFAIL("no error was raised");
        } catch (const DataError &e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(where), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(tst_Loaders)
#include "tst_loaders.moc"
