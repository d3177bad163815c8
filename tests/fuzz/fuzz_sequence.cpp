// SPDX-License-Identifier: MIT
// The sequence text format: one user per line, then that user's items in order.
#include "fuzz_input.h"
#include "recscope/core/loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto path
        = fuzz::writeFile("seqs.txt", std::string_view(reinterpret_cast<const char *>(data), size));
    recscope::core::DatasetSource source;
    source.format = recscope::core::DatasetFormat::SequenceText;
    source.path = path;
    fuzz::expectCleanRefusal([&] { fuzz::checkDataset(recscope::core::loadDataset(source)); });
    return 0;
}
