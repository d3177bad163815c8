// SPDX-License-Identifier: MIT
// Opening a project: migrations, the integrity check, runs and sweeps left by a process that is
// gone. Datasets, experiments and runs are in run_store.cpp.
#include "recscope/core/error.h"
#include "recscope/core/store.h"
#include "store/migrations.h"
#include "store/project_store_private.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <unistd.h>

namespace recscope::core {

using detail::SqliteDb;
using detail::Statement;

namespace {

using detail::hostName;
using detail::processAlive;

void migrate(SqliteDb &db, const std::filesystem::path &file)
{
    const int version = int(db.queryInt("PRAGMA user_version"));
    const auto &steps = detail::schemaMigrations();
    if (version > int(steps.size()))
        throw StoreError(file.string() + ": schema version " + std::to_string(version)
                         + " is newer than this RecScope understands ("
                         + std::to_string(steps.size()) + "); open it with a newer version");
    for (int v = version; v < int(steps.size()); ++v) {
        auto tx = db.transaction();
        if (db.queryInt("PRAGMA user_version") > v) // another process migrated it meanwhile
            continue;
        db.exec(steps[v]);
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
    }
}

// A damaged file is refused before anything is written to it (before: a new run was added with
// exit 0 and could not be read back). quick_check reads every page but skips the index
// cross-checks, so it grows with the file (tests/bench/bench_open_project.sh times opens with it).
void checkIntegrity(SqliteDb &db, const std::filesystem::path &file)
{
    std::string problems;
    try {
        Statement q(db, "PRAGMA quick_check(5)");
        while (q.step())
            if (q.text(0) != "ok")
                problems += (problems.empty() ? "" : "; ") + q.text(0);
    } catch (const StoreError
                 &e) { // damage that stops the check itself; a lock or I/O error is not damage
        if (db.errorCode() != SQLITE_CORRUPT && db.errorCode() != SQLITE_NOTADB)
            throw;
        problems = e.what();
    }
    if (!problems.empty())
        throw StoreError(file.string() + ": the project database is damaged ("
                         + problems.substr(0, 300)
                         + "); nothing was written to it. Restore a backup, or recover what is "
                           "readable with: sqlite3 "
                         + file.string() + " .recover | sqlite3 recovered.db");
}

/// A row left "running" by a process that is gone, with the owner it was seen with.
struct DeadOwner
{
    std::int64_t id = 0, pid = 0;
    std::string start;
};

// A run is "running" only while its process lives; one whose owner is gone was killed midway.
std::vector<DeadOwner> deadRuns(SqliteDb &db)
{
    const std::string host = hostName();
    std::vector<DeadOwner> dead;
    Statement q(db,
                "SELECT id, owner_host, owner_pid, (julianday('now') - "
                "julianday(COALESCE(heartbeat_at, started_at))) * 86400, "
                "owner_start FROM runs WHERE status = 'running'");
    while (q.step()) {
        const bool sameHost = q.text(1) == host;
        const bool gone = sameHost ? !processAlive(q.int64(2), q.text(4))
                                   : q.real(3) > 900; // 15 min without heartbeat
        if (gone)
            dead.push_back({q.int64(0), q.int64(2), q.text(4)});
    }
    return dead;
}

// A sweep is "running" only while the process that runs its trials lives.
std::vector<DeadOwner> deadSweeps(SqliteDb &db)
{
    const std::string host = hostName();
    std::vector<DeadOwner> dead;
    Statement
        q(db, "SELECT id, owner_host, owner_pid, owner_start FROM sweeps WHERE status = 'running'");
    while (q.step())
        if (q.text(1) == host && !processAlive(q.int64(2), q.text(3)))
            dead.push_back({q.int64(0), q.int64(2), q.text(3)});
    return dead;
}

/// Marks what was found dead as interrupted, each only while it is still running under the owner
/// it was found with: a resume that took it over in between (a new owner) is left alone.
int markInterrupted(SqliteDb &db, const std::vector<DeadOwner> &dead, const char *update)
{
    if (dead.empty())
        return 0;
    int marked = 0;
    auto tx = db.transaction();
    Statement u(db, update);
    for (const auto &d : dead) {
        u.bind(1, d.id).bind(2, d.pid).bind(3, d.start);
        u.stepDone();
        marked += db.changes();
        u.reset();
    }
    tx.commit();
    return marked;
}

int markInterrupted(SqliteDb &db)
{
    const int runs = markInterrupted(
        db,
        deadRuns(db),
        "UPDATE runs SET status = 'interrupted', finished_at = "
        "strftime('%Y-%m-%dT%H:%M:%SZ','now'), "
        "message = 'the process running it stopped before the run finished' "
        "WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_start = ?");
    markInterrupted(
        db,
        deadSweeps(db),
        "UPDATE sweeps SET status = 'interrupted', message = 'the process running it stopped' "
        "WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_start = ?");
    return runs;
}

std::set<std::int64_t> ids(const std::vector<DeadOwner> &dead)
{
    std::set<std::int64_t> out;
    for (const auto &d : dead)
        out.insert(d.id);
    return out;
}

} // namespace

ProjectStore::ProjectStore(const std::filesystem::path &file, OpenMode mode)
    : d(std::make_unique<Private>())
{
    d->file = file;
    d->db.open(file, mode == OpenMode::ReadOnly);
    checkIntegrity(d->db, file); // before the first write: switching to WAL rewrites the header
    d->readOnly = mode == OpenMode::ReadOnly;
    if (d->readOnly) {
        const int version = schemaVersion();
        if (version != kSchemaVersion)
            throw StoreError(
                file.string() + ": the project is at schema version " + std::to_string(version)
                + ", this RecScope reads " + std::to_string(kSchemaVersion)
                + (version < kSchemaVersion
                       ? "; a command that writes (run, resume) or the workbench upgrades it"
                       : "; open it with a newer RecScope"));
        d->db.exec("PRAGMA query_only = ON"); // a bug that writes fails loudly instead of writing
        checkForDeadRuns();
        return;
    }
    d->db.exec("PRAGMA journal_mode = WAL");
    d->db.exec("PRAGMA foreign_keys = ON");
    d->db.exec("PRAGMA synchronous = NORMAL");
    migrate(d->db, file);
    d->interrupted = markInterrupted(d->db);
}

ProjectStore::~ProjectStore() = default;

const std::filesystem::path &ProjectStore::file() const
{
    return d->file;
}

int ProjectStore::schemaVersion() const
{
    return int(d->db.queryInt("PRAGMA user_version"));
}

std::string ProjectStore::projectId() const
{
    Statement q(d->db, "SELECT id FROM project");
    return q.step() ? q.text(0) : std::string();
}

int ProjectStore::interruptedOnOpen() const
{
    return d->interrupted;
}

int ProjectStore::checkForDeadRuns()
{
    if (!d->readOnly)
        return markInterrupted(d->db);
    // Read-only: found afresh each time (a run resumed since by a live process is running again).
    auto runs = ids(deadRuns(d->db));
    const auto fresh = std::count_if(runs.begin(), runs.end(), [&](std::int64_t id) {
        return !d->deadRuns.count(id);
    });
    d->deadRuns = std::move(runs);
    d->deadSweeps = ids(deadSweeps(d->db));
    return int(fresh);
}

std::string ProjectStore::listingFingerprint() const
{
    // Run and sweep statuses with their ids, and the newest analysis: what lists and trees show.
    Statement q(d->db,
                "SELECT (SELECT coalesce(group_concat(id || ':' || status, ','), '') FROM (SELECT "
                "id, status FROM runs ORDER BY id)), "
                "(SELECT coalesce(group_concat(id || ':' || status, ','), '') FROM (SELECT id, "
                "status FROM sweeps ORDER BY id)), "
                "(SELECT count(*) || ':' || coalesce(max(id), 0) FROM audits)");
    q.step();
    std::string out;
    for (int c = 0; c < 3; ++c)
        out += q.text(c) + "|";
    for (auto id : d->deadRuns) // read-only: what checkForDeadRuns found
        out += std::to_string(id) + "x";
    return out;
}

} // namespace recscope::core
