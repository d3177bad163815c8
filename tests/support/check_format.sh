#!/usr/bin/env bash
# The C++ sources are formatted as .clang-format says (STYLE.md §6.8). Its rules were checked with
# clang-format 14 (Debian 12's); another version formats some lines differently, so the check is
# skipped there (exit 77) rather than fail on lines nobody changed.
set -euo pipefail
root=$1
clang_format=${2:-clang-format}
if ! command -v "$clang_format" >/dev/null; then
    echo "skipped: no clang-format (apt-get install clang-format)"
    exit 77
fi
major=$("$clang_format" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$major" != 14 ]; then
    echo "skipped: clang-format $major; the formatting is checked with version 14"
    exit 77
fi
cd "$root"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
    mapfile -t files < <(find app core views plugins tests -name '*.cpp' -o -name '*.h')
fi
"$clang_format" --dry-run --Werror "${files[@]}"
echo "${#files[@]} files formatted as .clang-format says"
