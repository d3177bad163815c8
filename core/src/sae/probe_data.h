// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>
#include <recscope/sdk/model.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <vector>

namespace recscope::core::detail {

/// Probed sequences: sequence s is the first end[s] items of user[s]'s history.
struct ProbeSet
{
    std::vector<std::int64_t> user, end;
    std::size_t size() const { return user.size(); }
};

/// Per user with at least one item: the whole history plus up to prefixesPerUser − 1 distinct
/// random shorter prefixes (at least one item each), in user order.
RS_CORE_TEST_EXPORT ProbeSet makeProbeSet(const sdk::UserItems &history,
                                          int prefixesPerUser,
                                          std::uint64_t seed);

/// Sequences [from, to) of a probe set as pseudo-users 0..B−1 (items and times).
RS_CORE_TEST_EXPORT sdk::UserItems
prefixBatch(const sdk::UserItems &history, const ProbeSet &set, std::size_t from, std::size_t to);

/// The model's hidden states of sequences [from, to), [B, d] float on the CPU.
torch::Tensor probeHidden(sdk::Model &model,
                          const sdk::UserItems &history,
                          const ProbeSet &set,
                          std::size_t from,
                          std::size_t to);

/// Hidden states streamed to disk as float32 rows after a 24-byte header ("RSACT1\0\0", rows,
/// dimension), so millions of sequences need only one batch in memory.
class RS_CORE_TEST_EXPORT ActivationFile
{
public:
    /// Captures every sequence of set in batches; stops early (and returns false) on stop.
    static bool capture(const std::filesystem::path &file,
                        sdk::Model &model,
                        const sdk::UserItems &history,
                        const ProbeSet &set,
                        std::size_t batch,
                        std::stop_token stop,
                        const std::function<void(double)> &progress);

    explicit ActivationFile(
        std::filesystem::path file); ///< reads the header; StoreError naming the file
    std::int64_t rows() const { return m_rows; }
    std::int64_t dim() const { return m_dim; }
    torch::Tensor read(std::int64_t from, std::int64_t count) const; ///< [count, dim]

private:
    std::filesystem::path m_file;
    std::int64_t m_rows = 0, m_dim = 0;
};

} // namespace recscope::core::detail
