// SPDX-License-Identifier: MIT
// Empty: this target exists only to build the shared LibTorch precompiled header.
