// SPDX-License-Identifier: MIT
#pragma once

#include "audit/bias_metrics.h"

#include <recscope/core/audit.h>

namespace recscope::core::detail {

/// FairRec's attacker (research notes §1): predicts each user's attribute class from their top-K
/// list — a learned item embedding (d 32) mean-pooled over the list, then a softmax layer —
/// trained with Adam on trainShare of the users (seeded shuffle), scored on the rest.
/// labels: class per list, -1 = unknown (left out).
RS_CORE_TEST_EXPORT AttackerScore attributeAttacker(const Lists &lists,
                                                    const std::vector<std::int32_t> &labels,
                                                    int classes,
                                                    std::size_t items,
                                                    double trainShare,
                                                    int epochs,
                                                    std::uint64_t seed);

} // namespace recscope::core::detail
