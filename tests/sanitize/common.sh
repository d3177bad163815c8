# Shared by run.sh and quick.sh (sourced): building a sanitized tree and the environment its
# tests run in. Expects $root, $build, $log and $name (the stage's name in messages).

export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime

sanitize_build() {
    local start
    start=$(date +%s)
    if ! cmake --build "$build" -j "$(nproc)" >"$log" 2>&1; then
        grep -m20 -iE "error|FAILED" "$log" || true
        echo "$name: the build failed (log: $log)" >&2
        exit 1
    fi
    echo "$name: built in $(($(date +%s) - start)) s"
}

# Exports the sanitizers' options; $1: an instrumented program that exits at once, to probe LSan.
sanitize_environment() {
    unset LD_PRELOAD # jemalloc and ASan's allocator cannot both own malloc
    # LeakSanitizer stops the process to scan it, which some sandboxes (no ptrace) forbid: then
    # the tests run without leak checks and say so, rather than failing on the sandbox.
    local leaks=1 probe
    probe=$(ASAN_OPTIONS=detect_leaks=1 "$@" 2>&1 || true)
    if grep -q "LeakSanitizer has encountered a fatal error" <<<"$probe"; then
        echo "$name: LeakSanitizer cannot run here (no ptrace?); leak checks are off" >&2
        leaks=0
    fi
    export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
}
