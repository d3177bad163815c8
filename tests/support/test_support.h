// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/run_observer.h>
#include <recscope/core/task_kind.h>

#include <QtTest/QTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace recscope::test {

/// Fixture folder (tests/data), passed by CTest in RECSCOPE_TEST_DATA.
inline std::filesystem::path dataDir()
{
    const char *env = std::getenv("RECSCOPE_TEST_DATA");
    return env ? std::filesystem::path(env)
               : std::filesystem::path(RECSCOPE_SOURCE_DIR) / "tests" / "data";
}

inline bool nearlyEqual(double a, double b, double eps)
{
    return std::abs(a - b) <= eps;
}

} // namespace recscope::test

namespace recscope::core {
// QCOMPARE prints these by name (found by argument-dependent lookup).
inline char *toString(RunStatus status)
{
    return qstrdup(runStatusName(status));
}
inline char *toString(TaskKind task)
{
    return qstrdup(taskKey(task));
}
} // namespace recscope::core

/// Compares numbers and prints expected, actual and the difference (like QGSCOMPARENEAR).
#define RS_COMPARE_NEAR(actual, expected, eps)                                                     \
    do {                                                                                           \
        const double rsA = static_cast<double>(actual);                                            \
        const double rsE = static_cast<double>(expected);                                          \
        if (!recscope::test::nearlyEqual(rsA, rsE, eps))                                           \
            QFAIL(qPrintable(QStringLiteral("%1: expected %2, got %3 (difference %4 > %5)")        \
                                 .arg(QString::fromLatin1(#actual))                                \
                                 .arg(rsE, 0, 'g', 10)                                             \
                                 .arg(rsA, 0, 'g', 10)                                             \
                                 .arg(rsA - rsE, 0, 'g', 4)                                        \
                                 .arg(double(eps))));                                              \
    } while (false)

/// Runs an expression that must throw ExceptionType whose message contains every fragment.
#define RS_EXPECT_ERROR(expr, ExceptionType, ...)                                                  \
    do {                                                                                           \
        bool rsThrown = false;                                                                     \
        try {                                                                                      \
            (void)(expr);                                                                          \
        } catch (const ExceptionType &rsE) {                                                       \
            rsThrown = true;                                                                       \
            const std::string rsMsg = rsE.what();                                                  \
            for (const char *rsFrag : {__VA_ARGS__})                                               \
                if (rsMsg.find(rsFrag) == std::string::npos)                                       \
                    QFAIL(qPrintable(                                                              \
                        QStringLiteral("message '%1' lacks '%2'")                                  \
                            .arg(QString::fromStdString(rsMsg), QString::fromUtf8(rsFrag))));      \
        }                                                                                          \
        if (!rsThrown)                                                                             \
            QFAIL(#expr " did not throw " #ExceptionType);                                         \
    } while (false)
