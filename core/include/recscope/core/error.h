// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/export.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace recscope {

/// Root of every error core throws; what() is a message a user can act on.
class RS_CORE_EXPORT Error : public std::runtime_error
{
public:
    explicit Error(const std::string &message);
};

/// Malformed input data: names the file, the 1-based line (0 when unknown) and the field.
class RS_CORE_EXPORT DataError final : public Error
{
public:
    DataError(std::string file, std::int64_t line, std::string field, const std::string &message);
    const std::string &file() const { return m_file; }
    std::int64_t line() const { return m_line; }
    const std::string &field() const { return m_field; }

private:
    std::string m_file;
    std::int64_t m_line;
    std::string m_field;
};

/// An invalid experiment spec or parameter: names the parameter path (e.g. "models[1].params.lr").
class RS_CORE_EXPORT ConfigError final : public Error
{
public:
    ConfigError(std::string parameter, const std::string &message);
    const std::string &parameter() const { return m_parameter; }
    const std::string &detail() const { return m_detail; } ///< the message without the parameter

private:
    std::string m_parameter;
    std::string m_detail;
};

/// The project database could not be read or written.
class RS_CORE_EXPORT StoreError final : public Error
{
public:
    using Error::Error;
};

/// A model failed while training or scoring (NaN loss, out of memory, bad checkpoint).
class RS_CORE_EXPORT ModelError final : public Error
{
public:
    using Error::Error;
};

/// Long work stopped because its stop token was triggered (the user cancelled): a state, not an
/// error. Nothing it would have stored is stored. The CLI exits with 130, the workbench shows
/// "cancelled" without an error dialog.
class RS_CORE_EXPORT Cancelled final : public Error
{
public:
    /// what: the work that stopped, e.g. "audit of run 3".
    explicit Cancelled(const std::string &what);
};

} // namespace recscope
