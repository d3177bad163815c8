// SPDX-License-Identifier: MIT
#pragma once
// For "cannot happen" paths in the GUI (STYLE.md §6.7, after Qt Creator's QTC_ASSERT): when the
// condition fails, log it with its file and line and run the action (return, continue, a
// fallback; may be empty) instead of crashing or aborting the user's session. Use it as a
// statement of its own (it is an if/else, like QTC_ASSERT), never as the body of an if.

#include <QtCore/QtGlobal>

#define RS_ASSERT(cond, action)                                                                    \
    if (Q_LIKELY(cond)) {                                                                          \
    } else {                                                                                       \
        qWarning("RS_ASSERT: \"%s\" in %s:%d", #cond, __FILE__, __LINE__);                         \
        action;                                                                                    \
    }                                                                                              \
    do {                                                                                           \
    } while (0)
