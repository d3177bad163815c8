#!/usr/bin/env bash
# Builds the .deb from a finished build folder, unpacks it into a scratch root (dpkg-deb -x, no
# root needed) and runs the CLI from there with a bare environment: the package must bring every
# library it needs but the declared Debian ones, and find its plugins by itself.
#   deb_install.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work/home"
(cd "$build" && cpack -G DEB -B "$work/out" > "$work/cpack.log" 2>&1) || { tail -30 "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/recscope_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb in $work/out"
echo "package: $deb ($(du -h "$deb" | cut -f1))"

dpkg-deb -f "$deb" Depends | tee "$work/depends.txt"
deps="libsqlite3-0 libqt6widgets6 libqt6charts6"
core_libs=$(ldd "$build/lib/librecscope_core.so")
! grep -q libpangocairo <<<"$core_libs" || deps="$deps libpangocairo-1.0-0" # built with PDF reports
for dep in $deps; do grep -q "$dep" "$work/depends.txt" || fail "Depends lacks $dep"; done

root="$work/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/recscope usr/bin/recscope-cli usr/lib/recscope/librecscope_core.so usr/lib/recscope/libtorch_cpu.so \
         usr/lib/recscope/libc10.so usr/lib/recscope/plugins/librs_ease.so usr/lib/recscope/plugins/ease.json \
         usr/share/applications/io.github.recscope.RecScope.desktop \
         usr/share/icons/hicolor/scalable/apps/io.github.recscope.RecScope.svg \
         usr/share/metainfo/io.github.recscope.RecScope.metainfo.xml usr/share/recscope/projects/quickstart.json; do
    [ -e "$root/$f" ] || fail "the package lacks /$f"
done
[ ! -e "$root/usr/lib/recscope/libtorch_cuda.so" ] || fail "the CPU package carries libtorch_cuda.so"
readelf -d "$root/usr/bin/recscope-cli" | grep -q 'RUNPATH.*\$ORIGIN/../lib/recscope' || fail "recscope-cli has no \$ORIGIN RUNPATH"

# Every library resolves, and none from the build tree or the virtual environment.
for bin in usr/bin/recscope-cli usr/bin/recscope usr/lib/recscope/plugins/librs_ease.so; do
    env -i ldd "$root/$bin" > "$work/ldd.txt"
    ! grep -q "not found" "$work/ldd.txt" || { cat "$work/ldd.txt"; fail "$bin: unresolved libraries"; }
    ! grep -qE "$build/(lib|bin)/|/\.venv/" "$work/ldd.txt" || { cat "$work/ldd.txt"; fail "$bin: resolves into the build tree"; }
done
if command -v appstreamcli > /dev/null; then
    appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/io.github.recscope.RecScope.metainfo.xml" \
        || fail "AppStream metadata does not validate"
fi

cli() { env -i HOME="$work/home" PATH=/usr/bin:/bin "$root/usr/bin/recscope-cli" "$@"; }
cli --version | grep -q "recscope-cli" || fail "--version"
cli plugins > "$work/plugins.txt"
cat "$work/plugins.txt"
for id in ease amazon_reviews extra_metrics; do
    grep -qE "^$id 1.0.0  \[loaded\]" "$work/plugins.txt" || fail "plugin $id not loaded from the package"
done
cat > "$work/spec.json" <<'SPEC'
{"name": "deb", "dataset": {"synthetic": {"users": 200, "items": 100, "seed": 2}}, "device": "cpu",
 "eval": {"metrics": ["NDCG", "F1"], "ks": [10]}, "models": [{"id": "pop"}, {"id": "ease"}]}
SPEC
cli run "$work/spec.json" --db "$work/deb.db" > "$work/run.txt" || { cat "$work/run.txt"; fail "run"; }
grep -q "EASE" "$work/run.txt" || { cat "$work/run.txt"; fail "the EASE run is missing"; }
# The workbench from the package opens the packaged sample project and draws its window.
env -i HOME="$work/home" QT_QPA_PLATFORM=offscreen "$root/usr/bin/recscope" \
    "$root/usr/share/recscope/projects/quickstart.json" --db "$work/quickstart.db" --screenshot "$work/window.png" > "$work/gui.log" 2>&1 \
    || { cat "$work/gui.log"; fail "the workbench did not start"; }
[ "$(stat -c %s "$work/window.png" 2>/dev/null || echo 0)" -gt 20000 ] || fail "the workbench drew no window"
echo "OK: installed into a scratch root; the CLI ran with its plugins and the workbench opened the sample project"
