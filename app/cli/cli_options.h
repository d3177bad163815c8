// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace recscope::app {

/// "--name value" and "--flag" options plus positional arguments; unknown options are errors.
class CliOptions
{
public:
    /// valued: options that take a value; flags: options that do not.
    CliOptions(const std::vector<std::string> &args,
               const std::vector<std::string> &valued,
               const std::vector<std::string> &flags);
    const std::vector<std::string> &positional() const { return m_positional; }
    std::optional<std::string> value(const std::string &name) const;
    bool flag(const std::string &name) const { return m_flags.count(name) != 0; }
    /// The option as a whole number ≥ 0 or a number, fallback when absent; std::invalid_argument
    /// naming the option otherwise.
    int count(const std::string &name, int fallback) const;
    double number(const std::string &name, double fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::map<std::string, bool> m_flags;
};

/// A positive run id, or std::invalid_argument quoting the text.
std::int64_t parseRunId(const std::string &text);

/// While alive, Ctrl-C and SIGTERM request a stop on the source (the running job ends cleanly).
class InterruptGuard
{
public:
    explicit InterruptGuard(std::stop_source &stop);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;
};

} // namespace recscope::app
