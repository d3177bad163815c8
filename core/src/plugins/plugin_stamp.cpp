// SPDX-License-Identifier: MIT
#include "plugins/plugin_stamp.h"

#include "recscope/core/error.h"

#include <bit>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <elf.h>

namespace recscope::core::detail {

namespace {

constexpr std::uint64_t kMaxNames = 1 << 20; // a section-name table is a few hundred bytes

class ElfFile
{
public:
    explicit ElfFile(const std::filesystem::path &file)
        : m_name(file.string())
    {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) // before opening: opening a FIFO blocks
            fail("it is not a regular file");
        m_in.open(file, std::ios::binary);
        m_size = std::filesystem::file_size(file, ec);
        if (!m_in || ec)
            fail("cannot read it");
    }

    [[noreturn]] void fail(const std::string &why) const
    {
        throw ConfigError(m_name, "not a RecScope plugin library: " + why);
    }

    /// Reads size bytes at offset, refusing a range outside the file.
    void read(std::uint64_t offset, void *to, std::uint64_t size, const char *what)
    {
        if (offset > m_size || size > m_size - offset)
            fail(std::string("its ") + what + " lies outside the file");
        m_in.seekg(std::streamoff(offset));
        m_in.read(static_cast<char *>(to), std::streamsize(size));
        if (!m_in)
            fail(std::string("cannot read its ") + what);
    }

private:
    std::string m_name;
    std::ifstream m_in;
    std::uint64_t m_size = 0;
};

} // namespace

RsPluginStampV1 readPluginStamp(const std::filesystem::path &library)
{
    ElfFile elf(library);
    Elf64_Ehdr header{};
    elf.read(0, &header, sizeof header, "ELF header");
    if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
        elf.fail("it is not an ELF file");
    if (header.e_ident[EI_CLASS] != ELFCLASS64
        || header.e_ident[EI_DATA]
               != (std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB))
        elf.fail("it is not a 64-bit ELF file of this machine's byte order");
#if defined(__x86_64__)
    constexpr int machine = EM_X86_64;
#elif defined(__aarch64__)
    constexpr int machine = EM_AARCH64;
#else
    constexpr int machine = -1;
#endif
    if (machine >= 0 && header.e_machine != machine)
        elf.fail("it is built for another processor (ELF machine "
                 + std::to_string(header.e_machine) + ")");
    // e_shnum 0 or e_shstrndx SHN_XINDEX (>= e_shnum): extended numbering, which no plugin needs.
    if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0
        || header.e_shstrndx >= header.e_shnum)
        elf.fail("its section header table is missing or malformed");
    std::vector<Elf64_Shdr> sections(header.e_shnum); // at most 65,535 × 64 bytes
    elf.read(header.e_shoff,
             sections.data(),
             sections.size() * sizeof(Elf64_Shdr),
             "section header table");
    const Elf64_Shdr &names = sections[header.e_shstrndx];
    if (names.sh_type != SHT_STRTAB || names.sh_size > kMaxNames)
        elf.fail("its section-name table is malformed");
    std::string table(names.sh_size, '\0');
    elf.read(names.sh_offset, table.data(), table.size(), "section-name table");
    const std::string wanted = RECSCOPE_PLUGIN_STAMP_SECTION;
    for (const auto &s : sections) {
        if (s.sh_name >= table.size()
            || table.compare(s.sh_name, wanted.size() + 1, wanted.c_str(), wanted.size() + 1) != 0)
            continue;
        // At least the stamp: clang's AddressSanitizer pads globals in named sections.
        if (s.sh_type != SHT_PROGBITS || s.sh_size < sizeof(RsPluginStampV1))
            elf.fail("its " + wanted + " section has " + std::to_string(s.sh_size)
                     + " bytes, expected at least " + std::to_string(sizeof(RsPluginStampV1))
                     + " (built against another SDK?)");
        RsPluginStampV1 stamp{};
        elf.read(s.sh_offset, &stamp, sizeof stamp, "stamp");
        if (std::memcmp(stamp.magic,
                        RECSCOPE_PLUGIN_STAMP_MAGIC,
                        sizeof RECSCOPE_PLUGIN_STAMP_MAGIC)
                != 0
            || !std::memchr(stamp.id, '\0', sizeof stamp.id)
            || !std::memchr(stamp.compiler, '\0', sizeof stamp.compiler))
            elf.fail("its stamp is malformed");
        return stamp;
    }
    elf.fail("it has no " + wanted + " section: build it with this SDK's RECSCOPE_PLUGIN macro");
}

} // namespace recscope::core::detail
