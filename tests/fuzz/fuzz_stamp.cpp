// SPDX-License-Identifier: MIT
// A plugin library's build stamp, read from the file's ELF section headers before the library is
// opened: any bytes are refused with a message or give a stamp with terminated strings.
#include "fuzz_input.h"
#include "plugins/plugin_stamp.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto file = fuzz::writeFile("librs_fuzz.so",
                                      std::string_view(reinterpret_cast<const char *>(data), size));
    fuzz::expectCleanRefusal([&] {
        const auto stamp = recscope::core::detail::readPluginStamp(file);
        if (!std::memchr(stamp.id, '\0', sizeof stamp.id)
            || !std::memchr(stamp.compiler, '\0', sizeof stamp.compiler))
            fuzz::finding("a stamp with an unterminated string was accepted", nullptr);
    });
    return 0;
}
