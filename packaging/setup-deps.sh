#!/usr/bin/env bash
# Installs what RecScope needs on Debian/Ubuntu, skipping what is already there:
# Debian packages (compiler, CMake, Qt 6 + Charts, SQLite, nlohmann-json, OpenBLAS, ccache, jemalloc,
# cairo and pango with fonts for PDF reports, poppler-utils for the report test, clang with libFuzzer for the fuzz stage,
# clang-format for the formatting check)
# and LibTorch from the PyPI torch wheel in the project-local virtual environment .venv/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(build-essential cmake ninja-build ccache pkg-config git
          python3 python3-venv python3-pip
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev qt6-tools-dev-tools
          libsqlite3-dev nlohmann-json3-dev libopenblas-dev libjemalloc2
          libcairo2-dev libpango1.0-dev fonts-dejavu-core fonts-wqy-microhei  # PDF reports: any script, CJK included
          poppler-utils   # pdftoppm: the report test looks at the PDF's pages
          clang libclang-rt-dev  # libFuzzer + sanitizers: the parser fuzz stage (tests/fuzz)
          clang-format)          # the formatting check (.clang-format)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

venv="$root/.venv"
if ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
    echo "setup: installing LibTorch (PyPI torch wheel) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q "torch>=2.1,<3"
fi
