// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/concept.h>

#include <nlohmann/json.hpp>

namespace recscope::core::detail {

/// What a concept holds beyond its table columns: examples, histogram, genre shares.
nlohmann::json conceptDetails(const Concept &c);
void readConceptDetails(const nlohmann::json &j, Concept &c);

} // namespace recscope::core::detail
