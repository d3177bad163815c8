// SPDX-License-Identifier: MIT
// The MovieLens loader in each of its folder shapes: ML-100K (u.data, u.item, u.user, u.genre),
// ML-1M/10M (ratings.dat, movies.dat, users.dat) and ML-20M/25M (ratings.csv, movies.csv). The
// input's parts (split at "%%" lines) become those files in order; the first byte picks the shape.
#include "fuzz_input.h"
#include "recscope/core/loaders.h"

using namespace recscope::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static const std::vector<std::vector<std::string>> shapes
        = {{"u.data", "u.item", "u.user", "u.genre"},
           {"ratings.dat", "movies.dat", "users.dat"},
           {"ratings.csv", "movies.csv"}};
    const auto &names = shapes[data[0] % shapes.size()];
    const auto dir = fuzz::scratch() / "ml";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto files
        = fuzz::parts(std::string_view(reinterpret_cast<const char *>(data) + 1, size - 1));
    for (std::size_t f = 0; f < files.size() && f < names.size(); ++f)
        fuzz::writeFile("ml/" + names[f], files[f]);
    DatasetSource source;
    source.format = DatasetFormat::MovieLens;
    source.path = dir;
    fuzz::expectCleanRefusal([&] { fuzz::checkDataset(loadDataset(source)); });
    return 0;
}
