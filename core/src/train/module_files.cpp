// SPDX-License-Identifier: MIT
#include "train/module_files.h"

#include "recscope/core/error.h"
#include "recscope/core/store.h"

#include <torch/nn/module.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace recscope::core::detail {

std::string runFileStem(const ProjectStore &store, std::int64_t runId)
{
    const std::string project = store.projectId();
    return "run-" + std::to_string(runId) + (project.empty() ? "" : "." + project);
}

void saveArchiveAtomically(torch::serialize::OutputArchive &archive,
                           const std::filesystem::path &file)
{
    // Serialized in memory first: LibTorch's zip writer throws from its destructor when a write
    // fails (a full disk), which ends the process; our own writes report the error instead.
    std::string bytes;
    archive.save_to([&bytes](const void *data, std::size_t n) {
        bytes.append(static_cast<const char *>(data), n);
        return n;
    });
    const auto tmp = file.string() + ".tmp-" + std::to_string(::getpid());
    const auto fail = [&](int error) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw StoreError("cannot write " + file.string() + ": " + std::strerror(error));
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        fail(errno);
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            ::close(fd);
            fail(error);
        }
        done += std::size_t(n);
    }
    // On disk before it takes the real name, and the name change on disk before we go on: a
    // power cut then leaves the old file or the new one (a kill -9 needs only the rename).
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        fail(errno);
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        fail(ec.value());
    if (const int dir
        = ::open((file.has_parent_path() ? file.parent_path() : std::filesystem::path(".")).c_str(),
                 O_RDONLY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void removeStaleTemporaries(const std::filesystem::path &dir, const std::string &stem)
{
    std::error_code ec;
    for (const auto &e : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.starts_with(stem + ".") && name.find(".tmp-") != std::string::npos)
            std::filesystem::remove(e.path(), ec);
    }
}

namespace {

std::string shapeText(const torch::Tensor &t)
{
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

} // namespace

void loadModuleChecked(torch::nn::Module &module,
                       torch::serialize::InputArchive &archive,
                       const std::string &file)
{
    std::map<std::string, std::vector<std::int64_t>> before;
    for (const auto &p : module.named_parameters())
        before[p.key()] = p.value().sizes().vec();
    for (const auto &b : module.named_buffers())
        before[b.key()] = b.value().sizes().vec();
    module.load(archive);
    auto check = [&](const std::string &name, const torch::Tensor &t) {
        const auto it = before.find(name);
        if (it != before.end() && it->second != t.sizes().vec()) {
            std::ostringstream was;
            was << c10::IntArrayRef(it->second);
            throw ModelError(file + " does not fit this model: " + name + " is " + shapeText(t)
                             + " in the file but " + was.str()
                             + " in the model (a file of another run or dataset?)");
        }
    };
    for (const auto &p : module.named_parameters())
        check(p.key(), p.value());
    for (const auto &b : module.named_buffers())
        check(b.key(), b.value());
}

} // namespace recscope::core::detail
