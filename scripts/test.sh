#!/usr/bin/env bash
# THE test command: installs missing tools, then runs every test layer without stopping at the
# first failure, and ends with one line `N passed, M failed` (the sum over all layers).
# Exits non-zero if anything failed.
#
#   bash scripts/test.sh
#
# Layers:
#   native      cargo test --no-fail-fast (lib, bins, tests/, doctests)
#   wasm        wasm-bindgen tests: tests/wasm_node.rs in Node, tests/wasm_browser.rs in headless
#               Chromium through chromedriver
#   e2e         trunk build --release, then node --test e2e/ (playwright-core + Debian Chromium)
#   size        scripts/size.sh on that same release build: wasm + JS gzip -9 within the budget, and
#               the README's size table generated from it (no second build)
#   conformance scripts/conformance.sh, when it exists (scripts vs a real RabbitMQ)
#   cluster     conformance/cluster.sh (cluster scripts vs a real 3-node RabbitMQ cluster)
#   definitions conformance/definitions.sh (definitions.json round trips through a real RabbitMQ,
#               on its own node defs@localhost:5698)
#
# A layer that fails without reporting a failing test (a build error, a crash) counts as 1 failed.
# Full logs: target/test-logs/<layer>.log.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

banner() { printf '\n==== %s ====\n' "$*"; }

# Runs a command with its output shown and saved to $LOG_DIR/$1.log; returns its exit code.
run_logged() {
    local name=$1
    shift
    "$@" </dev/null 2>&1 | tee "$LOG_DIR/$name.log"
    return "${PIPESTATUS[0]}"
}

# Adds a layer's counts to the totals. A failed exit with no failing test counts as 1 failed.
record() {
    local name=$1 status=$2 passed=$3 failed=$4 closing=$5
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=1
        closing="$closing (exit code $status, counted as 1 failed)"
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    SUMMARY+=("$(printf '%-12s %4d passed, %4d failed   %s' "$name" "$passed" "$failed" "$closing")")
}

# Sums cargo's `test result:` lines of a log: prints "passed failed".
cargo_counts() {
    awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$1"
}

# The `test result:` lines of a log, one per line, for the summary.
cargo_closing() {
    grep -c '^test result:' "$1" | awk '{ printf "%d test binaries", $1 }'
}

layer_native() {
    banner "native: cargo test --no-fail-fast"
    local status=0 counts
    run_logged native cargo test --no-fail-fast || status=$?
    counts=$(cargo_counts "$LOG_DIR/native.log")
    record native "$status" ${counts% *} ${counts#* } "$(cargo_closing "$LOG_DIR/native.log")"
}

layer_wasm() {
    banner "wasm: cargo test --target wasm32-unknown-unknown (Node + headless Chromium)"
    # Only the wasm_* test files: plain #[test]s in src/ and other tests/ files don't run on
    # wasm32 anyway ("no tests to run!"), so compiling them for wasm would only cost time.
    local status=0 counts
    run_logged wasm cargo test --target wasm32-unknown-unknown --no-fail-fast --test 'wasm_*' ||
        status=$?
    counts=$(cargo_counts "$LOG_DIR/wasm.log")
    record wasm "$status" ${counts% *} ${counts#* } "$(cargo_closing "$LOG_DIR/wasm.log")"
}

layer_e2e() {
    banner "e2e: trunk build --release, then node --test e2e/"
    local status=0 passed failed
    if ! run_logged e2e-build trunk build --release; then
        record e2e 1 0 1 "trunk build --release failed"
        return
    fi
    run_logged e2e node --test --test-reporter=tap e2e/ || status=$?
    passed=$(awk '/^# pass /{ p += $3 } END { print p + 0 }' "$LOG_DIR/e2e.log")
    failed=$(awk '/^# fail /{ f += $3 } END { print f + 0 }' "$LOG_DIR/e2e.log")
    record e2e "$status" "$passed" "$failed" "node --test: # pass $passed, # fail $failed"
}

# A layer whose runner ends with `N passed, M failed`: $1 = layer name, $2... = the command.
layer_counted() {
    local name=$1
    shift
    banner "$name: $*"
    local status=0 line passed=0 failed=0
    run_logged "$name" "$@" || status=$?
    line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$LOG_DIR/$name.log" | tail -n 1)
    if [ -n "$line" ]; then
        passed=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
        failed=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
    else
        line="no 'N passed, M failed' line"
        [ "$status" -eq 0 ] && status=1
    fi
    record "$name" "$status" "$passed" "$failed" "$line"
}

main() {
    local start=$SECONDS
    banner "setup: scripts/setup.sh"
    if ! bash scripts/setup.sh </dev/null; then
        echo "setup failed: no test layer can run"
        echo "0 passed, 1 failed"
        exit 1
    fi

    layer_native
    layer_wasm
    layer_e2e
    layer_counted size bash scripts/size.sh
    layer_counted conformance bash scripts/conformance.sh
    layer_counted cluster bash conformance/cluster.sh
    layer_counted definitions bash conformance/definitions.sh

    banner "summary ($((SECONDS - start)) s; logs in target/test-logs/)"
    local name
    for name in native wasm; do
        [ -f "$LOG_DIR/$name.log" ] && sed "s/^/$name: /" <(grep '^test result:' "$LOG_DIR/$name.log")
    done
    printf '%s\n' "${SUMMARY[@]}"
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
    [ "$TOTAL_FAILED" -eq 0 ]
}

main "$@"
