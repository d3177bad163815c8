// SPDX-License-Identifier: MIT
// The spec's "attack" section, checked without LibTorch (the spec readers and their fuzz target).
#include "recscope/core/attack.h"
#include "recscope/core/error.h"

namespace recscope::core {

void AttackConfig::validate(const std::string &path) const
{
    auto check = [&](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(path + "." + field, what);
    };
    check(kind == "none" || kind == "random" || kind == "bandwagon" || kind == "popular"
              || kind == "average" || kind == "dp",
          "kind",
          "expected none, random, bandwagon, popular, average or dp, not '" + kind + "'");
    check(fakeUserShare >= 0 && fakeUserShare <= 1, "fake_user_share", "must be 0 to 1");
    check(profileLength >= 0 && profileLength <= 100000,
          "profile_length",
          "must be 0 (the mean profile) to 100000");
    check(targets >= 1 && targets <= 1000, "targets", "must be 1 to 1000");
    check(targetBand == "head" || targetBand == "mid" || targetBand == "tail",
          "target_band",
          "expected head, mid or tail");
}

} // namespace recscope::core
