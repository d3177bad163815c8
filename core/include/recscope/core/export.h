// SPDX-License-Identifier: MIT
#pragma once

// recscope_core is built with hidden visibility; only what is marked with this is its API.
#define RS_CORE_EXPORT __attribute__((visibility("default")))

// Internals that the tests reach (like Qt's Q_AUTOTEST_EXPORT); not part of the API.
#define RS_CORE_TEST_EXPORT __attribute__((visibility("default")))
