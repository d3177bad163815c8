// SPDX-License-Identifier: MIT
#include "recscope/core/error.h"

namespace recscope {

namespace {
std::string locate(const std::string &file, std::int64_t line, const std::string &field)
{
    std::string where = file;
    if (line > 0)
        where += ":" + std::to_string(line);
    if (!field.empty())
        where += (where.empty() ? "" : ": ") + std::string("field '") + field + "'";
    return where.empty() ? where : where + ": ";
}
} // namespace

Error::Error(const std::string &message)
    : std::runtime_error(message)
{}

DataError::DataError(std::string file,
                     std::int64_t line,
                     std::string field,
                     const std::string &message)
    : Error(locate(file, line, field) + message)
    , m_file(std::move(file))
    , m_line(line)
    , m_field(std::move(field))
{}

ConfigError::ConfigError(std::string parameter, const std::string &message)
    : Error(parameter.empty() ? message : "'" + parameter + "': " + message)
    , m_parameter(std::move(parameter))
    , m_detail(message)
{}

Cancelled::Cancelled(const std::string &what)
    : Error(what + " cancelled")
{}

} // namespace recscope
