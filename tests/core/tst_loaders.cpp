// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/loaders.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>

using namespace recscope;
using namespace recscope::core;

namespace {

/// Writes bytes to name in dir and returns its path.
std::filesystem::path
writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName().toStdString();
}

} // namespace

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
        QCOMPARE(d.userAttribute("age")->categories[d.userAttribute("age")->codes[0]],
                 std::string("24"));
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
        QCOMPARE(d.userAttribute("occupation")->categories[d.userAttribute("occupation")->codes[1]],
                 std::string("16"));
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
        QTest::addRow("csv empty user")
            << 2 << QStringLiteral("empty_user.csv:3: field 'customer'");
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
            case 0:
                loadRecBoleAtomic(dir / "bad" / "bad.inter");
                break;
            case 1:
                loadMovieLens(dir / "bad" / "u.data");
                break;
            case 2:
                loadDelimited(dir / "bad" / "empty_user.csv", m);
                break;
            case 3:
                loadDelimited(dir / "csv" / "events.csv", m);
                break;
            case 4:
                loadDelimited(dir / "nope.csv", m);
                break;
            }
            QFAIL("no error was raised");
        } catch (const DataError &e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(where), e.what());
        }
    }

    void untrustedNumbersAreRangeChecked_data()
    {
        // Each once crashed (a cast of nan, inf or 1e300 to int64; gmtime of a date beyond its
        // years; an int8 wrapped past 127 levels; a column index overflowing) or was accepted.
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("where");
        const QString csv = QStringLiteral("e.csv"), u = QStringLiteral("u");
        QTest::addRow("csv nan time") << csv << QByteArray("u,i,ts\na,b,1\na,c,nan\n") << u
                                      << QStringLiteral("e.csv:3: field 'ts'");
        QTest::addRow("csv inf time")
            << csv << QByteArray("u,i,ts\na,b,inf\n") << u << QStringLiteral("e.csv:2: field 'ts'");
        QTest::addRow("csv 1e300 time")
            << csv << QByteArray("u,i,ts\na,b,1e300\n") << u << QStringLiteral("out of range");
        QTest::addRow("csv int64 max time")
            << csv << QByteArray("u,i,ts\na,b,9223372036854775807\n") << u
            << QStringLiteral("e.csv:2: field 'ts'");
        QTest::addRow("csv month 13") << csv << QByteArray("u,i,ts\na,b,2020-13-05\n") << u
                                      << QStringLiteral("the month must be 1–12");
        QTest::addRow("csv 29 February 2021") << csv << QByteArray("u,i,ts\na,b,2021-02-29\n") << u
                                              << QStringLiteral("the day must be 1–28");
        QTest::addRow("csv offset 25 h")
            << csv << QByteArray("u,i,ts\na,b,2024-02-01T12:00:00+25:00\n") << u
            << QStringLiteral("e.csv:2: field 'ts': date");
        QTest::addRow("csv offset without a time")
            << csv << QByteArray("u,i,ts\na,b,2024-02-01+05:00\n") << u
            << QStringLiteral("unexpected '+05:00'");
        QTest::addRow("csv text after date") << csv << QByteArray("u,i,ts\na,b,2024-02-01garbage\n")
                                             << u << QStringLiteral("unexpected 'garbage'");
        QTest::addRow("csv minutes cut short") << csv << QByteArray("u,i,ts\na,b,2021-02-01 12:3\n")
                                               << u << QStringLiteral("expected HH:MM");
        QTest::addRow("csv nanoseconds") << csv << QByteArray("u,i,ts\na,b,1700000000123456789\n")
                                         << u << QStringLiteral("nanoseconds?");
        QTest::addRow("csv hour 24") << csv << QByteArray("u,i,ts\na,b,2021-02-01 24:00\n") << u
                                     << QStringLiteral("the hour must be 0–23");
        QTest::addRow("csv rating 1e300") << csv << QByteArray("u,i,ts,r\na,b,1,1e300\n") << u
                                          << QStringLiteral("e.csv:2: field 'r'");
        QTest::addRow("csv column 2^31-1")
            << csv << QByteArray("u,i,ts\na,b,1\n") << QStringLiteral("2147483647")
            << QStringLiteral("column index");
        QTest::addRow("inter nan time")
            << QStringLiteral("x.inter")
            << QByteArray("user_id:token\titem_id:token\ttimestamp:float\na\tb\tnan\n") << u
            << QStringLiteral("x.inter:2: field 'timestamp'");
        QTest::addRow("movielens int64 max time")
            << QStringLiteral("u.data") << QByteArray("1\t2\t3\t9223372036854775807\n") << u
            << QStringLiteral("u.data:1: field 'timestamp'");
        QTest::addRow("movielens rating inf")
            << QStringLiteral("u.data") << QByteArray("1\t2\tinf\t5\n") << u
            << QStringLiteral("u.data:1: field 'rating'");
        QByteArray levels("u,i,ts,kind\n");
        for (int k = 0; k < 129; ++k)
            levels += "a,b," + QByteArray::number(k) + ",level" + QByteArray::number(k) + "\n";
        QTest::addRow("duplicate header column") << csv << QByteArray("u,i,ts,i\na,b,1,c\n") << u
                                                 << QStringLiteral("e.csv:1: field 'i'");
        QTest::addRow("129 feedback levels")
            << csv << levels << u
            << QStringLiteral("e.csv:130: field 'kind': more than 128 distinct feedback levels");
        // Ids go into JSON, HTML and CSV as they are (before: a NUL byte or Latin-1 id was kept,
        // and the report's JSON then failed with nlohmann's type_error.316).
        static constexpr char nulInId[]
            = "u,i,ts\na\0x,b,1\n"; // its length by sizeof: strlen stops at the NUL
        QTest::addRow("NUL in a user id")
            << csv << QByteArray(nulInId, sizeof nulInId - 1) << u
            << QStringLiteral("e.csv:2: field 'u': control character (byte 0) at position 2 of the "
                              "id 'a\\x00x'");
        QTest::addRow("Latin-1 item id")
            << csv << QByteArray("u,i,ts\na,caf\xE9,1\n") << u
            << QStringLiteral("e.csv:2: field 'i': the id is not UTF-8 (byte 4)");
        QTest::addRow("header without rows")
            << csv << QByteArray("u,i,ts\n") << u << QStringLiteral("e.csv");
        QTest::addRow("inter user_id typed float")
            << QStringLiteral("x.inter")
            << QByteArray("user_id:float\titem_id:token\ttimestamp:float\n1\tb\t5\n") << u
            << QStringLiteral("x.inter:1: field 'user_id:float': expected user_id:token");
        QTest::addRow("inter rating typed token")
            << QStringLiteral("x.inter")
            << QByteArray("user_id:token\titem_id:token\trating:token\na\tb\tgood\n") << u
            << QStringLiteral("x.inter:1: field 'rating:token': expected rating:float");
        QTest::addRow("inter field named twice")
            << QStringLiteral("x.inter")
            << QByteArray("user_id:token\titem_id:token\titem_id:token\na\tb\tc\n") << u
            << QStringLiteral("x.inter:1: field 'item_id': the header names this field twice");
        QTest::addRow("movielens no rows") << QStringLiteral("u.data") << QByteArray("\n\n") << u
                                           << QStringLiteral("u.data: no interactions in the file");
    }

    void untrustedNumbersAreRangeChecked()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, user);
        QFETCH(QString, where);
        QTemporaryDir dir;
        const auto path = writeFile(dir, file, content);
        ColumnMapping m;
        m.user = user.toStdString();
        m.item = "i";
        m.time = "ts";
        if (content.startsWith("u,i,ts,r"))
            m.rating = "r";
        if (content.startsWith("u,i,ts,kind"))
            m.feedback = "kind";
        DatasetSource source; // through loadDataset, as a spec and the CLI load a file
        source.path = path;
        source.mapping = m;
        source.format = file.endsWith(QLatin1String(".inter")) ? DatasetFormat::RecBoleAtomic
                        : file == QLatin1String("u.data")      ? DatasetFormat::MovieLens
                                                               : DatasetFormat::Delimited;
        try {
            loadDataset(source);
            QFAIL("no error was raised");
        } catch (const DataError &e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(where), e.what());
        }
    }

    void textThatIsNotUtf8IsReadAsWindows1252()
    {
        // Titles and attribute values of older files are often Latin-1 / Windows-1252 (ML-100K,
        // ML-1M); they are kept as the characters they were, in UTF-8, not as stray bytes.
        QTemporaryDir dir;
        writeFile(dir, QStringLiteral("x.inter"), "user_id:token\titem_id:token\na\tb\n");
        writeFile(dir,
                  QStringLiteral("x.item"),
                  "item_id:token\tmovie_title:token_seq\tgenre:token_seq\nb\tAm\xE9lie\tCom\xE9"
                  "die\n");
        writeFile(dir,
                  QStringLiteral("x.user"),
                  "user_id:token\tcity:token\na\tM\xFCnchen \x93quoted\x94\n");
        const auto d = loadRecBoleAtomic(dir.filePath(QStringLiteral("x.inter")).toStdString());
        QCOMPARE(d.itemTitles.at(0), std::string("Am\xC3\xA9lie"));
        QCOMPARE(d.itemCategories.vocabulary.at(0),
                 std::string("Com\xC3\xA9"
                             "die"));
        QCOMPARE(d.userAttribute("city")->categories.at(0),
                 std::string(
                     "M\xC3\xBCnchen \xE2\x80\x9Cquoted\xE2\x80\x9D")); // Windows-1252 quotes
    }

    void timestampsUpTo2To53AndDecimalSecondsLoad()
    {
        QTemporaryDir dir;
        const auto file = writeFile(dir,
                                    QStringLiteral("t.csv"),
                                    "u,i,ts\na,b,9007199254740992\na,c,-9007199254740992\na,d,"
                                    "1700000000123.9\na,e,2024-02-29T23:59:60\n"
                                    "a,f,2024-02-01 "
                                    "12:30:15.250Z\na,g,2024-02-01\na,h,2024-02-01T12:00:00+05:"
                                    "00\na,i,2024-02-01T12:00-0130\n");
        ColumnMapping m;
        m.user = "u";
        m.item = "i";
        m.time = "ts";
        const auto d = loadDelimited(file, m);
        QCOMPARE(d.time[0], std::int64_t(1) << 53);
        QCOMPARE(d.time[1], -(std::int64_t(1) << 53));
        QCOMPARE(d.time[2], std::int64_t(1700000000123)); // milliseconds, rounded down
        QCOMPARE(d.time[3],
                 std::int64_t(1709251200)); // 2024-03-01T00:00:00Z: a leap second rolls over
        QCOMPARE(d.time[4],
                 std::int64_t(1706790615)); // fractions of a second rounded down, Z accepted
        QCOMPARE(d.time[5], std::int64_t(1706745600));
        QCOMPARE(d.time[6], std::int64_t(1706770800)); // 12:00 at +05:00 is 07:00Z
        QCOMPARE(d.time[7], std::int64_t(1706794200)); // 12:00 at −01:30 is 13:30Z
    }

    void byteOrderMarkAndHugeLines()
    {
        QTemporaryDir dir;
        const auto bom = writeFile(dir,
                                   QStringLiteral("bom.csv"),
                                   "\xEF\xBB\xBFu,i\na,b\n"); // as Windows editors save UTF-8
        ColumnMapping m;
        m.user = "u";
        m.item = "i";
        QCOMPARE(loadDelimited(bom, m).userIds.front(),
                 std::string("a")); // the mark is not part of the header's "u"
        // Lines over 64 MiB are refused: 80 MiB without a newline while it is read, and one just
        // over the bound whose end arrives with its newline in the last read.
        for (const qint64 bytes : {qint64(80) << 20, (qint64(64) << 20) + 1024}) {
            const QString huge = dir.filePath(QStringLiteral("huge.csv"));
            QFile g(huge);
            QVERIFY(g.open(QIODevice::WriteOnly | QIODevice::Truncate));
            g.write("u,i\n");
            const QByteArray chunk(1 << 20, 'x');
            for (qint64 left = bytes; left > 0; left -= chunk.size())
                g.write(chunk.constData(), std::min<qint64>(left, chunk.size()));
            g.write("\n");
            g.close();
            RS_EXPECT_ERROR(loadDelimited(huge.toStdString(), m),
                            DataError,
                            "huge.csv:2",
                            "line longer than 64 MiB");
        }
    }

    void guessesTheMappingFromTheHeader()
    {
        // The rule the import dialog and the CLI share: exact names first, then words, a
        // column serving one role ("events" holds "ts" but is the feedback column).
        auto g = guessColumnRoles({"Customer", "product_id", "events", "ts", "Stars", "genres"});
        QCOMPARE(g.user, std::string("Customer"));
        QCOMPARE(g.item, std::string("product_id"));
        QCOMPARE(g.time, std::string("ts"));
        QCOMPARE(g.rating, std::string("Stars"));
        QCOMPARE(g.feedback, std::string("events"));
        QCOMPARE(g.categories, std::string("genres"));
        // Words, not substrings: "counts" holds no "ts", "transaction_id" no "action".
        g = guessColumnRoles({"userId", "movieId", "counts", "transaction_id", "rating"});
        QCOMPARE(g.user, std::string("userId"));
        QCOMPARE(g.item, std::string("movieId"));
        QVERIFY(g.time.empty() && g.feedback.empty());
        g = guessColumnRoles({"a", "b"});
        QVERIFY(g.user.empty() && g.item.empty());
        QCOMPARE(guessDelimiter("u\ti,x"), '\t');
        QCOMPARE(guessDelimiter("u;i;t,x"), ';');
        QCOMPARE(guessDelimiter("u,i;x"), ',');
    }
};

QTEST_GUILESS_MAIN(tst_Loaders)
#include "tst_loaders.moc"
