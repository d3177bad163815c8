// SPDX-License-Identifier: MIT
// The delimited (CSV/TSV) loader with the column mapping the CLI and the import dialog guess from
// the header (guessDelimiter, guessColumnRoles), as `recscope-cli dataset inspect file.csv` does.
#include "fuzz_input.h"
#include "recscope/core/loaders.h"

#include <sstream>

using namespace recscope::core;

namespace {

std::vector<std::string> headerColumns(std::string_view firstLine, char delimiter)
{
    std::vector<std::string> columns;
    std::string cell;
    std::istringstream in{std::string(firstLine)};
    while (std::getline(in, cell, delimiter))
        columns.push_back(cell);
    return columns;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const auto path = fuzz::writeFile("events.csv", bytes);
    const std::string_view firstLine = bytes.substr(0, bytes.find('\n'));
    ColumnMapping m = guessColumnRoles(headerColumns(firstLine, guessDelimiter(firstLine)));
    m.delimiter = guessDelimiter(firstLine);
    if (m.user.empty() || m.item.empty()) { // no header words: the first two columns by index
        m = ColumnMapping{};
        m.delimiter = guessDelimiter(firstLine);
        m.header = false;
        m.user = "0";
        m.item = "1";
        m.time = size % 3 == 0 ? "2" : "";
        m.rating = size % 5 == 0 ? "3" : "";
    }
    DatasetSource source;
    source.format = DatasetFormat::Delimited;
    source.path = path;
    source.mapping = m;
    fuzz::expectCleanRefusal([&] { fuzz::checkDataset(loadDataset(source)); });
    return 0;
}
