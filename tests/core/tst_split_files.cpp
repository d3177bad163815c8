// SPDX-License-Identifier: MIT
// The "files" split: hand-written RecBole benchmark files and a CSV triple read back with their
// parts, errors that name the file and line, and export → import giving the same split.
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/split_files.h>
#include <recscope/core/synthetic.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <fstream>

using namespace recscope;
using namespace recscope::core;
namespace fs = std::filesystem;

namespace {

void write(const fs::path &file, const std::string &text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

/// Each part's rows as sorted "user item time" strings: what must survive a round trip.
std::array<std::vector<std::string>, 3> rowsOf(const Dataset &d, const Split &s)
{
    std::array<std::vector<std::string>, 3> out;
    const std::vector<std::int64_t> *parts[3] = {&s.train, &s.valid, &s.test};
    for (std::size_t k = 0; k < 3; ++k) {
        for (auto r : *parts[k])
            out[k].push_back(d.userIds[std::size_t(d.user[std::size_t(r)])] + " "
                             + d.itemIds[std::size_t(d.item[std::size_t(r)])] + " "
                             + std::to_string(d.time[std::size_t(r)]));
        std::sort(out[k].begin(), out[k].end());
    }
    return out;
}

DatasetSource recbole(const fs::path &dir)
{
    DatasetSource s;
    s.format = DatasetFormat::RecBoleAtomic;
    s.path = dir;
    return s;
}

SplitConfig filesSplit()
{
    SplitConfig c;
    c.kind = SplitKind::Files;
    return c;
}

} // namespace

class tst_SplitFiles : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    fs::path dir(const char *name) const { return fs::path(m_dir.path().toStdString()) / name; }

    /// t/: users a, b; the test part's rows (after its header) as given; t.item gives every item a
    /// genre.
    void writeBenchmark(const fs::path &d, const std::string &test)
    {
        const std::string header = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";
        write(d / "t.train.inter", header + "a\tx\t4\t10\na\ty\t3\t20\nb\tx\t5\t15\n");
        write(d / "t.valid.inter", header + "a\tw\t2\t30\n");
        write(d / "t.test.inter", header + test);
        write(d / "t.item",
              "item_id:token\tgenre:token_seq\nx\tDrama\ny\tComedy Drama\nw\tHorror\nz\tSci-Fi\n");
    }

private Q_SLOTS:
    void readsRecBoleBenchmarkFiles()
    {
        const fs::path d = dir("t");
        writeBenchmark(d, "a\tz\t5\t40\nb\ty\t1\t25\n");
        const auto files = splitFiles(recbole(d), filesSplit());
        QCOMPARE(files[1].filename().string(), std::string("t.valid.inter"));
        const Dataset data = loadExperimentData(recbole(d), filesSplit());
        QCOMPARE(data.numInteractions(), std::size_t(6));
        QCOMPARE(data.numItems(), std::size_t(4));
        QCOMPARE(data.part, (std::vector<std::int8_t>{0, 0, 0, 1, 2, 2}));
        const Split s = makeSplit(data, filesSplit());
        QCOMPARE(s.train.size(), std::size_t(3));
        QCOMPARE(s.valid.size(), std::size_t(1));
        QCOMPARE(s.test.size(), std::size_t(2));
        QCOMPARE(data.itemIds[std::size_t(data.item[std::size_t(s.test[0])])],
                 std::string("z")); // a's test row
        // The test-only item gets its genre from the shared NAME.item file.
        const auto z = std::size_t(std::find(data.itemIds.begin(), data.itemIds.end(), "z")
                                   - data.itemIds.begin());
        QCOMPARE(data.itemCategories
                     .vocabulary[std::size_t(data.itemCategories.of(std::int64_t(z))[0])],
                 std::string("Sci-Fi"));
        QCOMPARE(data.itemCategories.of(1).size(), std::size_t(2)); // y: Comedy Drama
        RS_EXPECT_ERROR(makeSplit(loadDataset(recbole(d / "t.train.inter")), filesSplit()),
                        ConfigError,
                        "files split needs");
    }

    void errorsNameTheFileAndLine()
    {
        const fs::path unknown
            = dir("unknown") / "t"; // RecBole's layout: the folder is named after the dataset
        writeBenchmark(unknown,
                       "a\tz\t5\t40\n\nc\ty\t1\t25\n"); // c never trains; line 4 after a blank line
        RS_EXPECT_ERROR(loadExperimentData(recbole(unknown), filesSplit()),
                        DataError,
                        "t.test.inter:4",
                        "user 'c' has no row in the training file");
        const fs::path overlap = dir("overlap") / "t";
        writeBenchmark(overlap, "b\tx\t5\t15\n");
        RS_EXPECT_ERROR(loadExperimentData(recbole(overlap), filesSplit()),
                        DataError,
                        "t.test.inter:2",
                        "item 'x' at time 15",
                        "overlap");
        const fs::path missing = dir("missing") / "t";
        writeBenchmark(missing, "a\tz\t5\t40\n");
        fs::remove(missing / "t.valid.inter");
        RS_EXPECT_ERROR(loadExperimentData(recbole(missing), filesSplit()),
                        DataError,
                        "t.valid.inter",
                        "valid part of the split is missing");
        DatasetSource synthetic;
        RS_EXPECT_ERROR(splitFiles(synthetic, filesSplit()),
                        ConfigError,
                        "split.kind",
                        "no split files");
        // An empty validation part is allowed (a header only), an empty test part is not.
        const fs::path empty = dir("empty") / "t";
        writeBenchmark(empty, "a\tz\t5\t40\n");
        write(empty / "t.valid.inter",
              "user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        QCOMPARE(loadExperimentData(recbole(empty), filesSplit()).numInteractions(),
                 std::size_t(4));
        write(empty / "t.test.inter",
              "user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        RS_EXPECT_ERROR(loadExperimentData(recbole(empty), filesSplit()),
                        DataError,
                        "t.test.inter",
                        "test part has no rows");
    }

    void partsWithoutTimestampsKeepTheirOrder()
    {
        // No time column: rows are numbered across the parts (train, valid, test), so a user's
        // test row comes after the training rows, and a pair repeated across parts overlaps.
        const fs::path d = dir("untimed") / "u";
        const std::string header = "user_id:token\titem_id:token\n";
        write(d / "u.train.inter", header + "a\tx\na\ty\nb\tx\n");
        write(d / "u.valid.inter", header + "a\tw\n");
        write(d / "u.test.inter", header + "a\tz\n");
        const Dataset data = loadExperimentData(recbole(d), filesSplit());
        const auto seq = buildUserSequences(data);
        std::vector<std::string> a;
        for (auto r : seq.of(0))
            a.push_back(data.itemIds[std::size_t(data.item[std::size_t(r)])]);
        QCOMPARE(a, (std::vector<std::string>{"x", "y", "w", "z"}));
        write(d / "u.test.inter", header + "b\tx\n");
        RS_EXPECT_ERROR(loadExperimentData(recbole(d), filesSplit()),
                        DataError,
                        "u.test.inter:2",
                        "item 'x' (no timestamps)",
                        "overlap");
        write(d / "u.test.inter", "user_id:token\titem_id:token\ttimestamp:float\na\tz\t9\n");
        RS_EXPECT_ERROR(loadExperimentData(recbole(d), filesSplit()),
                        DataError,
                        "u.test.inter",
                        "has timestamps and the training part does not");
    }

    void readsACsvTriple()
    {
        const fs::path d = dir("csv");
        write(d / "events.train.csv", "who,what,when\nu1,i1,1\nu1,i2,2\nu2,i1,3\n");
        write(d / "events.valid.csv", "who,what,when\nu2,i3,4\n");
        write(d / "events.test.csv", "who,what,when\nu1,i3,5\n");
        DatasetSource s;
        s.format = DatasetFormat::Delimited;
        s.path = d / "events.csv"; // only names the triple; it need not exist
        s.mapping.user = "who";
        s.mapping.item = "what";
        s.mapping.time = "when";
        const Dataset data = loadExperimentData(s, filesSplit());
        const Split split = makeSplit(data, filesSplit());
        const auto rows = rowsOf(data, split);
        QCOMPARE(rows[0], (std::vector<std::string>{"u1 i1 1", "u1 i2 2", "u2 i1 3"}));
        QCOMPARE(rows[1], (std::vector<std::string>{"u2 i3 4"}));
        QCOMPARE(rows[2], (std::vector<std::string>{"u1 i3 5"}));
    }

    void exportsRecBoleSequenceRows()
    {
        // a: x, y train, w valid, z test (leave-one-out); b: x train only. RecBole's augmentation
        // makes a row per target from a user's second item on, with the items before it.
        Dataset d;
        d.userIds = {"a", "b"};
        d.itemIds = {"x", "y", "w", "z"};
        d.user = {0, 0, 0, 0, 1};
        d.item = {0, 1, 2, 3, 0};
        d.time = {10, 20, 30, 40, 5};
        d.value.assign(5, 1.0f);
        Split s;
        s.train = {0, 1, 4};
        s.valid = {2};
        s.test = {3};
        const auto files
            = exportSplit(d, s, dir("seq"), "seq", SplitFileFormat::RecBoleSequences, 2);
        auto read = [](const fs::path &f) {
            std::ifstream in(f);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        const std::string header = "user_id:token\titem_id_list:token_seq\titem_id:token\n";
        QCOMPARE(read(files[0]), header + "a\tx\ty\n");
        QCOMPARE(read(files[1]), header + "a\tx y\tw\n");
        QCOMPARE(read(files[2]), header + "a\ty w\tz\n"); // the last 2 known items
    }

    void exportThenImportGivesTheSameSplit_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("tsv");
        QTest::addRow("leave-one-out, RecBole files") << int(SplitKind::LeaveOneOut) << false;
        QTest::addRow("random ratio split, RecBole files") << int(SplitKind::UserRatio) << false;
        QTest::addRow("temporal split, TSV") << int(SplitKind::Temporal) << true;
    }

    void exportThenImportGivesTheSameSplit()
    {
        QFETCH(int, kind);
        QFETCH(bool, tsv);
        SyntheticConfig sc;
        sc.users = 150;
        sc.items = 90;
        const Dataset data = generateSynthetic(sc).data;
        SplitConfig c;
        c.kind = SplitKind(kind);
        c.timeOrdered = false;
        const Split split = makeSplit(data, c);
        const fs::path out = dir(QTest::currentDataTag()) / "syn";
        const auto files = exportSplit(data,
                                       split,
                                       out,
                                       "syn",
                                       tsv ? SplitFileFormat::Tsv : SplitFileFormat::RecBole);
        QVERIFY(fs::exists(files[2]));
        DatasetSource back;
        if (tsv) {
            back.format = DatasetFormat::Delimited;
            back.path = out / "syn.tsv";
            back.mapping = {'\t', true, "user", "item", "timestamp", "rating", "feedback", "", '|'};
        } else {
            back = recbole(out);
        }
        SplitConfig partFiles = filesSplit();
        partFiles.keepColdUsers = c.kind == SplitKind::Temporal; // late users have no training rows
        if (c.kind == SplitKind::Temporal)
            RS_EXPECT_ERROR(loadExperimentData(back, filesSplit()),
                            DataError,
                            "has no row in the training file",
                            "cold_users");
        const Dataset again = loadExperimentData(back, partFiles);
        const Split againSplit = makeSplit(again, partFiles);
        QCOMPARE(rowsOf(again, againSplit), rowsOf(data, split));
        if (!tsv) { // side data travels in NAME.item / NAME.user
            QCOMPARE(again.itemCategories.vocabulary.size(), data.itemCategories.vocabulary.size());
            QVERIFY(again.userAttribute("group"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_SplitFiles)
#include "tst_split_files.moc"
