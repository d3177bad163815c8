// SPDX-License-Identifier: MIT
// RecBole atomic files with their type annotations: the input's parts (split at "%%" lines) are
// x.inter, x.item and x.user.
#include "fuzz_input.h"
#include "recscope/core/loaders.h"

using namespace recscope::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto dir = fuzz::scratch() / "rb";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    static const char *names[] = {"rb/x.inter", "rb/x.item", "rb/x.user"};
    const auto files = fuzz::parts(std::string_view(reinterpret_cast<const char *>(data), size));
    for (std::size_t f = 0; f < files.size() && f < 3; ++f)
        fuzz::writeFile(names[f], files[f]);
    DatasetSource source;
    source.format = DatasetFormat::RecBoleAtomic;
    source.path = dir / "x.inter";
    fuzz::expectCleanRefusal([&] { fuzz::checkDataset(loadDataset(source)); });
    return 0;
}
