// SPDX-License-Identifier: MIT
#include "store/sqlite_db.h"

#include "recscope/core/error.h"

#include <sqlite3.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <unistd.h>

namespace recscope::core::detail {

SqliteDb::~SqliteDb()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

namespace {

/// A path for a file: URI, with the characters URIs give a meaning percent-encoded.
std::string uriPath(const std::string &path)
{
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-._~", c)) {
            out += char(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

} // namespace

void SqliteDb::open(const std::filesystem::path &file, bool readOnly)
{
    m_file = file.string();
    if (file.has_parent_path() && !std::filesystem::exists(file.parent_path()))
        throw StoreError(m_file + ": the folder does not exist");
    if (readOnly && !std::filesystem::exists(file))
        throw StoreError(m_file + ": there is no project database here");
    const int mode = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    // A WAL database read from a folder nobody can write (a read-only mount, a shared archive)
    // cannot get its -shm file; with no -wal left either, the file is all there is, so it is
    // opened as immutable (no locks, no side files).
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const bool immutable = readOnly && ::access(folder.c_str(), W_OK) != 0
                           && !std::filesystem::exists(m_file + "-wal");
    const std::string name
        = immutable ? "file:" + uriPath(std::filesystem::absolute(file).string()) + "?immutable=1"
                    : m_file;
    if (sqlite3_open_v2(name.c_str(),
                        &m_db,
                        mode | SQLITE_OPEN_FULLMUTEX | (immutable ? SQLITE_OPEN_URI : 0),
                        nullptr)
        != SQLITE_OK)
        fail("cannot open the project database");
    sqlite3_busy_timeout(m_db, 5000); // wait for a writer in another process before "locked"
    sqlite3_extended_result_codes(m_db, 1);
    // Reading the schema catches a file that is not a database before anything is written.
    exec("SELECT count(*) FROM sqlite_master");
}

void SqliteDb::fail(const std::string &what) const
{
    const int code = m_db ? sqlite3_errcode(m_db) : SQLITE_ERROR;
    std::string detail = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        detail += " (another process holds a write lock; try again when its run has finished)";
    else if ((code & 0xff) == SQLITE_READONLY)
        detail += " (the project file or its folder is read-only: the commands that only read "
                  "work, copy the project to write)";
    throw StoreError(m_file + ": " + what + ": " + detail);
}

void SqliteDb::exec(std::string_view sql)
{
    char *err = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        fail("statement failed (" + msg + ")");
    }
}

std::int64_t SqliteDb::queryInt(const std::string &sql)
{
    Statement s(*this, sql);
    return s.step() ? s.int64(0) : 0;
}

std::int64_t SqliteDb::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int SqliteDb::changes() const
{
    return sqlite3_changes(m_db);
}

int SqliteDb::errorCode() const
{
    return m_db ? sqlite3_errcode(m_db) & 0xff : SQLITE_ERROR;
}

Transaction::Transaction(SqliteDb &db)
    : m_db(&db)
{
    db.exec("BEGIN IMMEDIATE");
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(other.m_db)
{
    other.m_db = nullptr;
}

Transaction::~Transaction()
{
    if (m_db)
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db->exec("COMMIT");
    m_db = nullptr;
}

Statement::Statement(SqliteDb &db, const std::string &sql)
    : m_db(db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        db.fail("cannot prepare a statement");
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    if (std::isnan(value))
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bindId(int index, std::int64_t id)
{
    if (id <= 0)
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_int64(m_stmt, index, id);
    return *this;
}

Statement &Statement::bind(int index, const std::string &value)
{
    sqlite3_bind_text(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db.fail("query failed");
}

void Statement::stepDone()
{
    if (sqlite3_step(m_stmt) != SQLITE_DONE)
        m_db.fail("write failed");
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL)
        return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto *p = sqlite3_column_text(m_stmt, column);
    return p ? std::string(reinterpret_cast<const char *>(p),
                           std::size_t(sqlite3_column_bytes(m_stmt, column)))
             : std::string();
}

} // namespace recscope::core::detail
