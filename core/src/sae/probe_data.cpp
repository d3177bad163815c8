// SPDX-License-Identifier: MIT
#include "sae/probe_data.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>

namespace recscope::core::detail {

namespace {

constexpr char kMagic[8] = {'R', 'S', 'A', 'C', 'T', '1', 0, 0};
constexpr std::int64_t kHeaderBytes = 24;

} // namespace

ProbeSet makeProbeSet(const sdk::UserItems &history, int prefixesPerUser, std::uint64_t seed)
{
    ProbeSet out;
    std::mt19937_64 rng(seed ^ 0x5AE5EEDull);
    const auto users = std::int64_t(history.offsets.size()) - 1;
    std::vector<std::int64_t> ends;
    for (std::int64_t u = 0; u < users; ++u) {
        const auto n = history.count(u);
        if (n < 1)
            continue;
        ends.assign(1, n);
        // Distinct shorter prefixes: a partial Fisher–Yates draw over 1..n−1.
        std::vector<std::int64_t> pool(std::size_t(std::max<std::int64_t>(0, n - 1)));
        for (std::size_t i = 0; i < pool.size(); ++i)
            pool[i] = std::int64_t(i) + 1;
        const auto want
            = std::min<std::size_t>(pool.size(), std::size_t(std::max(0, prefixesPerUser - 1)));
        for (std::size_t i = 0; i < want; ++i) {
            std::uniform_int_distribution<std::size_t> pick(i, pool.size() - 1);
            std::swap(pool[i], pool[pick(rng)]);
            ends.push_back(pool[i]);
        }
        std::sort(ends.begin(), ends.end());
        for (auto e : ends) {
            out.user.push_back(u);
            out.end.push_back(e);
        }
    }
    return out;
}

sdk::UserItems
prefixBatch(const sdk::UserItems &history, const ProbeSet &set, std::size_t from, std::size_t to)
{
    sdk::UserItems out;
    out.offsets.push_back(0);
    const bool timed = history.times.size() == history.items.size();
    for (std::size_t s = from; s < to; ++s) {
        const auto items = history.of(set.user[s]);
        out.items.insert(out.items.end(), items.begin(), items.begin() + set.end[s]);
        if (timed) {
            const auto times = history.timesOf(set.user[s]);
            out.times.insert(out.times.end(), times.begin(), times.begin() + set.end[s]);
        }
        out.offsets.push_back(std::int64_t(out.items.size()));
    }
    return out;
}

torch::Tensor probeHidden(sdk::Model &model,
                          const sdk::UserItems &history,
                          const ProbeSet &set,
                          std::size_t from,
                          std::size_t to)
{
    const auto batch = prefixBatch(history, set, from, to);
    auto h = model.hiddenStates(torch::arange(std::int64_t(to - from), torch::kInt64), batch);
    if (!h.defined())
        throw ConfigError("run", "the model exposes no hidden states to probe");
    return h.to(torch::kCPU, torch::kFloat32).contiguous();
}

bool ActivationFile::capture(const std::filesystem::path &file,
                             sdk::Model &model,
                             const sdk::UserItems &history,
                             const ProbeSet &set,
                             std::size_t batch,
                             std::stop_token stop,
                             const std::function<void(double)> &progress)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw StoreError("cannot write activations to " + file.string());
    std::int64_t header[2] = {0, 0};
    out.write(kMagic, sizeof kMagic);
    out.write(reinterpret_cast<const char *>(header), sizeof header);
    torch::NoGradGuard ng;
    for (std::size_t from = 0; from < set.size(); from += batch) {
        if (stop.stop_requested())
            return false;
        const auto to = std::min(set.size(), from + batch);
        auto h = probeHidden(model, history, set, from, to);
        header[1] = h.size(1);
        out.write(reinterpret_cast<const char *>(h.data_ptr<float>()),
                  std::streamsize(h.numel() * sizeof(float)));
        header[0] += h.size(0);
        if (progress)
            progress(double(to) / double(set.size()));
    }
    out.seekp(sizeof kMagic);
    out.write(reinterpret_cast<const char *>(header), sizeof header);
    out.close();
    if (!out)
        throw StoreError("cannot write activations to " + file.string() + " (disk full?)");
    return true;
}

ActivationFile::ActivationFile(std::filesystem::path file)
    : m_file(std::move(file))
{
    std::ifstream in(m_file, std::ios::binary);
    char magic[8] = {};
    std::int64_t header[2] = {0, 0};
    in.read(magic, sizeof magic);
    in.read(reinterpret_cast<char *>(header), sizeof header);
    if (!in || std::memcmp(magic, kMagic, sizeof magic) != 0 || header[0] < 0 || header[1] < 0)
        throw StoreError(m_file.string() + ": not an activation file");
    m_rows = header[0];
    m_dim = header[1];
    std::error_code ec;
    if (std::int64_t(std::filesystem::file_size(m_file, ec))
        != kHeaderBytes + m_rows * m_dim * std::int64_t(sizeof(float)))
        throw StoreError(m_file.string() + ": truncated activation file");
}

torch::Tensor ActivationFile::read(std::int64_t from, std::int64_t count) const
{
    count = std::max<std::int64_t>(0, std::min(count, m_rows - from));
    auto out = torch::empty({count, m_dim}, torch::kFloat32);
    std::ifstream in(m_file, std::ios::binary);
    in.seekg(kHeaderBytes + from * m_dim * std::int64_t(sizeof(float)));
    in.read(reinterpret_cast<char *>(out.data_ptr<float>()),
            std::streamsize(out.numel() * sizeof(float)));
    if (!in)
        throw StoreError(m_file.string() + ": cannot read rows " + std::to_string(from) + "+"
                         + std::to_string(count));
    return out;
}

} // namespace recscope::core::detail
