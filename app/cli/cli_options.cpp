// SPDX-License-Identifier: MIT
#include "cli_options.h"

#include <algorithm>
#include <csignal>
#include <stdexcept>

namespace recscope::app {

CliOptions::CliOptions(const std::vector<std::string> &args,
                       const std::vector<std::string> &valued,
                       const std::vector<std::string> &flags)
{
    auto in = [](const std::vector<std::string> &v, const std::string &s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (in(flags, name) && !inlineValue) {
            m_flags[name] = true;
        } else if (in(valued, name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    throw std::invalid_argument("option --" + name + " needs a value");
                value = args[++i];
            }
            m_values[name] = value;
        } else {
            throw std::invalid_argument("unknown option --" + name);
        }
    }
}

namespace {

std::stop_source *g_stop = nullptr;

extern "C" void onInterrupt(int)
{
    if (g_stop)
        g_stop->request_stop(); // async-signal-safe: sets an atomic flag
}

} // namespace

std::int64_t parseRunId(const std::string &text)
{
    std::size_t used = 0;
    long long id = 0;
    try {
        id = std::stoll(text, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used != text.size() || id <= 0)
        throw std::invalid_argument("RUN_ID must be a positive run id, not '" + text + "'");
    return id;
}

InterruptGuard::InterruptGuard(std::stop_source &stop)
{
    g_stop = &stop;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_stop = nullptr;
}

int CliOptions::count(const std::string &name, int fallback) const
{
    const auto v = value(name);
    if (!v)
        return fallback;
    std::size_t used = 0;
    int n = 0;
    try {
        n = std::stoi(*v, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != v->size() || n < 0) // "" is no number
        throw std::invalid_argument("--" + name + " must be a whole number ≥ 0, not '" + *v + "'");
    return n;
}

double CliOptions::number(const std::string &name, double fallback) const
{
    const auto v = value(name);
    if (!v)
        return fallback;
    std::size_t used = 0;
    double x = 0;
    try {
        x = std::stod(*v, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != v->size())
        throw std::invalid_argument("--" + name + " must be a number, not '" + *v + "'");
    return x;
}

std::optional<std::string> CliOptions::value(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

} // namespace recscope::app
