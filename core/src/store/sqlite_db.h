// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace recscope::core::detail {

class SqliteDb;

/// Rolls back unless commit() was called, so an exception never leaves half a write.
class Transaction
{
public:
    explicit Transaction(SqliteDb &db);
    ~Transaction();
    Transaction(Transaction &&other) noexcept;
    void commit();

private:
    SqliteDb *m_db;
};

/// A connection with a busy timeout; every failure becomes a StoreError naming the file.
class SqliteDb
{
public:
    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    void open(const std::filesystem::path &file, bool readOnly = false);
    void exec(std::string_view sql);
    std::int64_t queryInt(const std::string &sql);
    std::int64_t lastInsertId() const;
    int changes() const;   ///< rows the last statement changed
    int errorCode() const; ///< primary SQLite result code of the last failure (SQLITE_CORRUPT, ...)
    Transaction transaction() { return Transaction(*this); }
    [[noreturn]] void fail(const std::string &what) const;
    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
    std::string m_file;
};

class Statement
{
public:
    Statement(SqliteDb &db, const std::string &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, double value); ///< NaN is stored as NULL
    Statement &bind(int index, const std::string &value);
    Statement &bindId(int index, std::int64_t id); ///< id <= 0 is stored as NULL (no reference)
    bool step();                                   ///< true while a row is available
    void stepDone();                               ///< for statements without rows
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const; ///< NULL reads back as NaN
    std::string text(int column) const;

private:
    SqliteDb &m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace recscope::core::detail
