// SPDX-License-Identifier: MIT
#include "cli_options.h"

#include <algorithm>
#include <stdexcept>

namespace recscope::app {

CliOptions::CliOptions(const std::vector<std::string> &args, const std::vector<std::string> &valued, const std::vector<std::string> &flags)
{
    auto in = [](const std::vector<std::string> &v, const std::string &s) { return std::find(v.begin(), v.end(), s) != v.end(); };
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

std::optional<std::string> CliOptions::value(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

} // namespace recscope::app
