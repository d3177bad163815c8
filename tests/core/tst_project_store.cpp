// SPDX-License-Identifier: MIT
#include "store/migrations.h"
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/store.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

using namespace recscope;
using namespace recscope::core;

class tst_ProjectStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath(QStringLiteral("p.db")).toStdString();
        std::int64_t run = 0;
        {
            ProjectStore s(file);
            QCOMPARE(s.schemaVersion(), ProjectStore::kSchemaVersion);
            const auto ds = s.addDataset("syn", "gen", "{}");
            const auto ex = s.addExperiment("e", "{\"models\":[]}");
            run = s.beginRun(ex, ds, "bpr", "BPR-MF", "{\"epochs\":2}", "cpu", 7);
            s.addEpochMetrics(run, {{"train/loss", 1, 0.5}, {"valid/NDCG@10", 1, 0.1}});
            s.addEpochMetrics(run, {{"train/loss", 2, 0.25}});
            RunSummary sum;
            sum.epochs = 2;
            sum.bestEpoch = 1;
            sum.device = "cpu";
            sum.valid = {{"NDCG@10", 0.1}};
            sum.test = {{"NDCG@10", 0.09}, {"IntraListDiversity@10", std::nan("")}};
            s.finishRun(run, sum);
            s.addArtifact(run, "checkpoint", "/tmp/run-" + std::to_string(run) + ".pt");
            s.addArtifact(run,
                          "model",
                          "/home/someone/thesis.tex"); // what an edited database could list
            s.addArtifact(run,
                          "model",
                          "/shared/run-" + std::to_string(run)
                              + ".0123456789abcdef.model.pt"); // another project's
            s.addArtifact(run,
                          "model",
                          "/shared/run-" + std::to_string(run) + "." + s.projectId() + ".model.pt");
        }
        ProjectStore s(file); // reopen: everything is there
        const auto runs = s.runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, RunStatus::Finished);
        QCOMPARE(runs[0].label, std::string("BPR-MF"));
        QCOMPARE(runs[0].bestEpoch, 1);
        QVERIFY(runs[0].versionsJson.find("libtorch") != std::string::npos);
        QCOMPARE(s.epochMetrics(run).size(), std::size_t(3));
        QCOMPARE(s.finalMetrics(run, "test").at("NDCG@10"), 0.09);
        QVERIFY(std::isnan(s.finalMetrics(run, "test").at("IntraListDiversity@10")));
        QCOMPARE(s.artifacts(run).size(), std::size_t(4));

        const auto other
            = s.beginRun(runs[0].experimentId, runs[0].datasetId, "pop", "Pop", "{}", "cpu", 7);
        RS_EXPECT_ERROR(s.deleteRun(other), StoreError, "still running", "cancel it first");
        QCOMPARE(s.deleteRun(run),
                 (std::vector<std::string>{"/tmp/run-" + std::to_string(run) + ".pt",
                                           "/shared/run-" + std::to_string(run) + "."
                                               + s.projectId() + ".model.pt"})); // never the thesis
        QCOMPARE(s.runs().size(), std::size_t(1));
        QCOMPARE(s.runs()[0].id, other);
        QVERIFY(s.epochMetrics(run).empty());
        QVERIFY(s.finalMetrics(run, "test").empty());
        QVERIFY(s.artifacts(run).empty());
        RS_EXPECT_ERROR(s.deleteRun(run), StoreError, "no run");
    }

    void killedRunBecomesInterrupted()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath(QStringLiteral("k.db")).toStdString();
        std::int64_t finished = 0;
        {
            ProjectStore s(file);
            finished = s.beginRun(s.addExperiment("e", "{}"), 0, "pop", "Pop", "{}", "cpu", 1);
            RunSummary sum;
            sum.test = {{"Hit@10", 0.5}};
            s.finishRun(finished, sum);
        }
        int ready[2];
        QVERIFY(::pipe(ready) == 0);
        const pid_t child = ::fork();
        if (child == 0) { // the child starts a run, writes an epoch, and waits to be killed
            ProjectStore s(file);
            const auto run = s.beginRun(1, 0, "bpr", "BPR-MF", "{}", "cpu", 1);
            s.addEpochMetrics(run, {{"train/loss", 1, 0.7}});
            char ok = 1;
            (void)!::write(ready[1], &ok, 1);
            for (;;)
                ::pause();
        }
        char ok = 0;
        QVERIFY(::read(ready[0], &ok, 1) == 1);
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        ProjectStore s(file);
        QCOMPARE(s.interruptedOnOpen(), 1);
        const auto runs = s.runs();
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[0].status, RunStatus::Finished);
        QCOMPARE(s.finalMetrics(finished, "test").at("Hit@10"), 0.5); // nothing else was lost
        QCOMPARE(runs[1].status, RunStatus::Interrupted);
        QCOMPARE(s.epochMetrics(runs[1].id).size(), std::size_t(1));
    }

    // A window keeps its store open while another process writes: the listing fingerprint changes
    // with a new run or a status, not with each epoch; a later kill is found without reopening.
    void anOpenStoreSeesOtherWritersAndDeadRuns()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath(QStringLiteral("w.db")).toStdString();
        ProjectStore(file).addExperiment("e", "{}");
        // The writer is forked before this process opens its connections (SQLite's rule: none
        // may cross a fork); it starts when told and reports when its run is stored.
        int go[2], ready[2];
        QVERIFY(::pipe(go) == 0 && ::pipe(ready) == 0);
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(go[1]);
            ::close(ready[0]);
            char start = 0;
            if (::read(go[0], &start, 1) != 1)
                ::_exit(1);
            try {
                ProjectStore s(file);
                const auto run = s.beginRun(1, 0, "bpr", "BPR-MF", "{}", "cpu", 1);
                s.addEpochMetrics(run, {{"train/loss", 1, 0.7}});
            } catch (...) {
                ::_exit(1);
            }
            char ok = 1;
            (void)!::write(ready[1], &ok, 1);
            for (;;)
                ::pause();
        }
        ::close(go[0]);
        ::close(ready[1]);
        bool alive = true;
        auto killChild = [&] {
            if (std::exchange(alive, false)) {
                ::kill(child, SIGKILL);
                ::waitpid(child, nullptr, 0);
            }
        };
        const auto reap = qScopeGuard([&] {
            killChild(); // also when a check fails midway: no paused orphan holds ctest's pipes
            ::close(go[1]);
            ::close(ready[0]);
        });
        ProjectStore window(file);
        ProjectStore reader(file, ProjectStore::OpenMode::ReadOnly);
        const std::string empty = window.listingFingerprint();
        QCOMPARE(reader.listingFingerprint(), empty);
        char start = 1;
        QVERIFY(::write(go[1], &start, 1) == 1);
        char ok = 0;
        QVERIFY(::read(ready[0], &ok, 1) == 1);
        const std::string running = window.listingFingerprint();
        QVERIFY(running != empty);
        QCOMPARE(reader.listingFingerprint(), running);
        QCOMPARE(window.checkForDeadRuns(), 0); // its process lives
        ProjectStore(file).addEpochMetrics(window.runs().at(0).id, {{"train/loss", 2, 0.6}});
        QCOMPARE(window.listingFingerprint(), running); // an epoch is not a listing change

        killChild();
        QCOMPARE(reader.checkForDeadRuns(), 1); // read-only: shown interrupted, nothing written
        QCOMPARE(reader.checkForDeadRuns(), 0); // found before: not news
        QCOMPARE(reader.runs().at(0).status, RunStatus::Interrupted);
        QVERIFY(reader.listingFingerprint() != running);
        QCOMPARE(window.runs().at(0).status, RunStatus::Running);
        QCOMPARE(window.checkForDeadRuns(), 1);
        QCOMPARE(window.runs().at(0).status, RunStatus::Interrupted);
        QVERIFY(window.listingFingerprint() != running);
        QCOMPARE(window.checkForDeadRuns(), 0);
        QCOMPARE(window.epochMetrics(window.runs().at(0).id).size(), std::size_t(2));
    }

    void reusedProcessIdDoesNotKeepARunRunning()
    {
        // A run recorded by a process that was killed, whose id now belongs to another live
        // process (here: this test's own pid, with a start that is not ours).
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath(QStringLiteral("pid.db")).toStdString();
        std::string id;
        {
            ProjectStore s(file);
            id = s.projectId();
            s.beginRun(s.addExperiment("e", "{}"),
                       0,
                       "pop",
                       "Pop",
                       "{}",
                       "cpu",
                       1); // owned by us: alive
            s.beginRun(1, 0, "pop", "Pop", "{}", "cpu", 2);
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "UPDATE runs SET owner_start = 'another-boot:12345' WHERE id = 2",
                              nullptr,
                              nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        ProjectStore s(file);
        QCOMPARE(s.interruptedOnOpen(), 1);
        QCOMPARE(s.run(1).status, RunStatus::Running);
        QCOMPARE(s.run(2).status, RunStatus::Interrupted);
        QCOMPARE(s.projectId(), id); // made once, kept
    }

    void damagedDatabaseIsRefusedBeforeAnyWrite()
    {
        // Overwrite a page in the middle of a real project: opening it must fail and leave the
        // file byte for byte as it was (before: a new run was written with exit 0).
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("hurt.db")).toStdString();
        {
            ProjectStore s(file);
            const auto e
                = s.addExperiment("e", std::string(20000, 'x')); // spills over several pages
            for (int k = 0; k < 50; ++k)
                s.addEpochMetrics(s.beginRun(e, 0, "pop", "Pop", "{}", "cpu", 1),
                                  {{"train/loss", 1, 0.5}});
        }
        sqlite3 *db = nullptr; // fold the WAL into the file so the damage below hits real pages
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE",
                              nullptr,
                              nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_stmt *q = nullptr; // the epoch curves' table: its root page header is overwritten
        QCOMPARE(sqlite3_prepare_v2(db,
                                    "SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                                    "FROM sqlite_master WHERE name = 'epoch_metrics'",
                                    -1,
                                    &q,
                                    nullptr),
                 SQLITE_OK);
        QCOMPARE(sqlite3_step(q), SQLITE_ROW);
        const auto offset = (sqlite3_column_int64(q, 0) - 1) * sqlite3_column_int64(q, 1);
        sqlite3_finalize(q);
        sqlite3_close(db);
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(offset);
            const std::string garbage(3000, '\x5a');
            f.write(garbage.data(), std::streamsize(garbage.size()));
        }
        const auto before = [&] {
            std::ifstream in(file, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        RS_EXPECT_ERROR(ProjectStore(file), StoreError, "hurt.db: the project database is damaged");
        const auto after = [&] {
            std::ifstream in(file, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        QVERIFY(before == after);
    }

    void readOnlyOpenWritesNothing()
    {
        // What `runs`, `report` and the other read-only commands do: a run of a dead process is
        // shown interrupted but stays stored as it was, and the file is not touched.
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath(QStringLiteral("ro.db")).toStdString();
        {
            ProjectStore s(file);
            s.beginRun(s.addExperiment("e", "{}"), 0, "pop", "Pop", "{}", "cpu", 1);
            s.addSweep(1, 0, "BPR", "grid", "NDCG@10", "[]", "[1]");
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "UPDATE runs SET owner_start = 'another-boot:1'; UPDATE sweeps SET "
                              "owner_start = 'another-boot:1'",
                              nullptr,
                              nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        const auto bytes = [&] {
            std::ifstream in(file, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        const auto before = bytes();
        {
            const ProjectStore s(file, ProjectStore::OpenMode::ReadOnly);
            QCOMPARE(s.runs().at(0).status, RunStatus::Interrupted);
            QCOMPARE(s.run(1).status, RunStatus::Interrupted);
            QCOMPARE(s.sweeps().at(0).status, RunStatus::Interrupted);
            QCOMPARE(s.sweep(1).status, RunStatus::Interrupted);
        }
        QVERIFY(bytes() == before);
        QCOMPARE(ProjectStore(file, ProjectStore::OpenMode::ReadOnly).run(1).status,
                 RunStatus::Interrupted); // still only shown
        {
            ProjectStore s(file); // a writer marks it
            QCOMPARE(s.interruptedOnOpen(), 1);
        }
        RS_EXPECT_ERROR(ProjectStore(dir.filePath(QStringLiteral("none.db")).toStdString(),
                                     ProjectStore::OpenMode::ReadOnly),
                        StoreError,
                        "none.db: there is no project database here");
        // An older project is not upgraded by a reader.
        const std::string old = dir.filePath(QStringLiteral("v5.db")).toStdString();
        QCOMPARE(sqlite3_open(old.c_str(), &db), SQLITE_OK);
        for (int v = 0; v < 5; ++v)
            QCOMPARE(sqlite3_exec(db,
                                  std::string(detail::schemaMigrations()[std::size_t(v)]).c_str(),
                                  nullptr,
                                  nullptr,
                                  nullptr),
                     SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 5", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        RS_EXPECT_ERROR(ProjectStore(old, ProjectStore::OpenMode::ReadOnly),
                        StoreError,
                        "schema version 5, this RecScope reads 6");
        QCOMPARE(ProjectStore(old).schemaVersion(), 6);
    }

    void notADatabase()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("junk.db")).toStdString();
        std::ofstream(file)
            << "this is not sqlite, just text that is long enough to have a header of sorts";
        RS_EXPECT_ERROR(ProjectStore(file), StoreError, "junk.db");
        RS_EXPECT_ERROR(ProjectStore("/nonexistent/dir/p.db"), StoreError, "folder does not exist");
    }

    void olderSchemasMigrate()
    {
        // A project as RecScope left it at schema 3: one run with an audit (no audit kinds, no
        // seeds grouping, no sweeps), built from the migrations of that time.
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("v3.db")).toStdString();
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        for (int v = 0; v < 3; ++v)
            QCOMPARE(sqlite3_exec(db,
                                  std::string(detail::schemaMigrations()[std::size_t(v)]).c_str(),
                                  nullptr,
                                  nullptr,
                                  nullptr),
                     SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "PRAGMA user_version = 3; INSERT INTO experiments(name, spec_json) "
                              "VALUES ('e', '{}');"
                              "INSERT INTO runs(experiment_id, model, label, status, seed) VALUES "
                              "(1, 'pop', 'Pop', 'finished', 7);"
                              "INSERT INTO audits(run_id, config_json, report_json) VALUES (1, "
                              "'{}', '{\"fair\":1}')",
                              nullptr,
                              nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        ProjectStore s(file);
        QCOMPARE(s.schemaVersion(), ProjectStore::kSchemaVersion);
        const std::int64_t run = 1;
        QCOMPARE(s.audits(run), std::vector<std::string>{"{\"fair\":1}"});
        s.addAudit(run, "{}", "{\"loop\":1}", AnalysisKind::FeedbackLoop);
        QCOMPARE(s.audits(run).size(), std::size_t(1));
        QCOMPARE(s.audits(run, AnalysisKind::FeedbackLoop),
                 std::vector<std::string>{"{\"loop\":1}"});
        QCOMPARE(s.auditedRuns(AnalysisKind::FeedbackLoop), std::vector<std::int64_t>{run});
        QVERIFY(s.auditedRuns(AnalysisKind::Extraction).empty());
        // Schema 5: the old run stands alone (no configuration key, no sweep); sweeps can be added.
        const RunRecord old = s.run(run);
        QVERIFY(old.configKey.empty());
        QCOMPARE(old.sweepId, std::int64_t(0));
        QCOMPARE(old.sweepTrial, -1);
        const auto sweep = s.addSweep(1, 0, "BPR-MF", "grid", "NDCG@10", "[{}]", "[1]");
        const auto trial
            = s.beginRun(1, 0, "bpr", "BPR-MF", "{}", "cpu", 1, RunGroup{"abc", sweep, 0, "trial"});
        QCOMPARE(s.run(trial).sweepRole, std::string("trial"));
        QCOMPARE(s.run(trial).configKey, std::string("abc"));
        s.setSweepStatus(sweep, RunStatus::Finished, 0);
        QCOMPARE(s.sweep(sweep).selectedTrial, 0);
        QCOMPARE(s.sweeps().size(), std::size_t(1));
    }

    void newerSchemaRefused()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("n.db")).toStdString();
        {
            ProjectStore s(file);
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        RS_EXPECT_ERROR(ProjectStore(file), StoreError, "schema version 99 is newer");
    }
};

QTEST_GUILESS_MAIN(tst_ProjectStore)
#include "tst_project_store.moc"
