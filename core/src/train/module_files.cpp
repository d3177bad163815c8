// SPDX-License-Identifier: MIT
#include "train/module_files.h"

#include "recscope/core/error.h"
#include "recscope/core/store.h"

#include <torch/nn/module.h>

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <sstream>

namespace recscope::core::detail {

std::string runFileStem(const ProjectStore &store, std::int64_t runId)
{
    const std::string project = store.projectId();
    return "run-" + std::to_string(runId) + (project.empty() ? "" : "." + project);
}

void saveArchiveAtomically(torch::serialize::OutputArchive &archive, const std::filesystem::path &file)
{
    const auto tmp = file.string() + ".tmp-" + std::to_string(::getpid());
    try {
        archive.save_to(tmp);
    } catch (const c10::Error &e) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw StoreError("cannot write " + file.string() + ": " + e.what_without_backtrace());
    }
    // On disk before it takes the real name, and the name change on disk before we go on: a
    // power cut then leaves the old file or the new one (a kill -9 needs only the rename).
    const auto sync = [](const std::filesystem::path &p) {
        if (const int fd = ::open(p.c_str(), O_RDONLY); fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    };
    sync(tmp);
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw StoreError("cannot write " + file.string() + ": " + ec.message());
    }
    sync(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
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

void loadModuleChecked(torch::nn::Module &module, torch::serialize::InputArchive &archive, const std::string &file)
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
            throw ModelError(file + " does not fit this model: " + name + " is " + shapeText(t) + " in the file but " + was.str()
                             + " in the model (a file of another run or dataset?)");
        }
    };
    for (const auto &p : module.named_parameters())
        check(p.key(), p.value());
    for (const auto &b : module.named_buffers())
        check(b.key(), b.value());
}

} // namespace recscope::core::detail
