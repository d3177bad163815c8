#!/usr/bin/env bash
# Run here, before tests/gpu/check.sh goes to a GPU machine that cannot fetch packages: copies
# SQLite's and nlohmann-json's headers, library and CMake files into .gpu-deps (git-ignored), for
# the device call to carry. check.sh uses them only where the machine lacks its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.gpu-deps"
rm -rf "$out" && mkdir -p "$out/include" "$out/lib" "$out/share/cmake"
cp /usr/include/sqlite3.h /usr/include/sqlite3ext.h "$out/include/"
cp -a /usr/include/nlohmann "$out/include/"
cp -a /usr/share/cmake/nlohmann_json "$out/share/cmake/"
cp -L "$(ls /usr/lib/*/libsqlite3.so | head -1)" "$out/lib/libsqlite3.so"
grep -qxF '/.gpu-deps/' "$root/.git/info/exclude" 2>/dev/null || echo '/.gpu-deps/' >> "$root/.git/info/exclude"
du -sh "$out"
