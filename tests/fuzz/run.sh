#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each on its corpus.
#   tests/fuzz/run.sh [--seconds N | --runs N] [target ...]     (default: --seconds 30, all)
# Seeds come from tests/data, the sample projects and tests/fuzz/seeds; inputs that once failed
# live in tests/data/fuzz/<target> and run first. Exit 1 on any crash, leak, sanitizer report or
# parser finding; the failing input is left in build-fuzz/findings/<target>. Prints one line per
# target: executions, seconds, corpus size. Environment: BUILD_DIR_FUZZ (default build-fuzz).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
budget=(-max_total_time=30)
targets=()
while (($#)); do
    case "$1" in
    --seconds) budget=(-max_total_time="$2"); shift 2 ;;
    --runs) budget=(-runs="$2"); shift 2 ;;
    *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || targets=(delimited movielens recbole sequence amazon configs manifest escape stamp)

build=${BUILD_DIR_FUZZ:-build-fuzz}
torch_include=$(.venv/bin/python -c "import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'include'))")
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# Quiet when they work; a failing configure or build shows its log and stops the stage.
quietly() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "tests/fuzz/run.sh: failed: $*" >&2
        exit 1
    fi
    rm -f "$log"
}
[ -f "$build/build.ninja" ] || quietly cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
    -DRECSCOPE_TORCH_INCLUDE="$torch_include"
quietly cmake --build "$build" -j "$(nproc)"

python3 tests/fuzz/make_seeds.py "$build/seeds"
# LeakSanitizer stops the process to scan it, which some sandboxes (no ptrace) forbid: then the
# targets run without leak checks and say so, rather than failing on the sandbox.
leaks=1
if ASAN_OPTIONS=detect_leaks=1 "$build/fuzz_escape" -runs=1 2>&1 | grep -q "LeakSanitizer has encountered a fatal error"; then
    echo "fuzz: LeakSanitizer cannot run here (no ptrace?); leak checks are off" >&2
    leaks=0
fi
scratch=""
trap '[ -z "$scratch" ] || rm -rf "$scratch"' EXIT
status=0
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t" findings="$build/findings/$t" work="$build/work/$t"
    mkdir -p "$corpus" "$findings" "$work"
    dict=tests/fuzz/dict/csv.dict
    case "$t" in configs | manifest | amazon) dict=tests/fuzz/dict/json.dict ;; escape | stamp) dict= ;; esac
    regressions=()
    [ -d "tests/data/fuzz/$t" ] && regressions=("tests/data/fuzz/$t")
    start=$(date +%s)
    # -rss_limit_mb: an input that makes a parser allocate beyond it is a finding (issue 16: absurd
    # sizes must be refused before the allocation). TMPDIR: where the targets write their files.
    # The targets write their inputs as files: in memory when /dev/shm is there.
    scratch=$(mktemp -d "$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$root/$work")/recscope-fuzz.XXXXXX")
    if ! (cd "$work" && TMPDIR="$scratch" ASAN_OPTIONS=detect_leaks=$leaks:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$root/$build/fuzz_$t" "${budget[@]}" -rss_limit_mb=2048 -max_len=65536 -timeout=20 -print_final_stats=1 \
            -artifact_prefix="$root/$findings/" ${dict:+-dict="$root/$dict"} \
            "$root/$corpus" "$root/$build/seeds/$t" "${regressions[@]/#/$root/}" >log.txt 2>&1); then
        echo "fuzz_$t: FAILED (log: $work/log.txt, input: $findings/)"
        grep -m5 -E "FINDING|ERROR: |runtime error|SUMMARY" "$work/log.txt" || tail -5 "$work/log.txt"
        status=1
        rm -rf "$scratch"
        continue
    fi
    rm -rf "$scratch"
    runs=$(grep -m1 -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$work/log.txt")
    echo "fuzz_$t: $runs executions in $(($(date +%s) - start)) s, no crash, $( ((leaks)) && echo "leak, " )sanitizer report or finding; corpus $(ls "$corpus" | wc -l) inputs"
done
exit $status
