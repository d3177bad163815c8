// SPDX-License-Identifier: MIT
#include <recscope/core/run_colour.h>

namespace recscope::core {

const char *runColour(std::int64_t runId)
{
    static constexpr const char *kPalette[] = {"#4E79A7",
                                               "#F28E2B",
                                               "#E15759",
                                               "#76B7B2",
                                               "#59A14F",
                                               "#EDC948",
                                               "#B07AA1",
                                               "#FF9DA7",
                                               "#9C755F",
                                               "#BAB0AC"};
    constexpr std::int64_t n = sizeof kPalette / sizeof *kPalette;
    // Run ids start at 1: run #1 takes the first colour; a negative id still lands in range.
    return kPalette[((runId - 1) % n + n) % n];
}

} // namespace recscope::core
