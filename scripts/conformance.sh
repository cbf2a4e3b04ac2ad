#!/usr/bin/env bash
# The conformance command: every client script of conformance/scripts runs on a real RabbitMQ
# (the oracle) and on the simulator; the live observation must equal both the recorded one
# (conformance/expected/NAME.json) and the simulator's.
#
#   bash scripts/conformance.sh [NAME...]     NAME = a script file name without .json (default: all)
#
# Installs what it needs when missing (rabbitmq-server from apt, pika from PyPI), starts a private
# broker node with conformance/broker.sh and stops it on exit. Prints a unified diff for every
# mismatch and ends with one line `N passed, M failed` (a script passes when live == expected ==
# simulator); exits non-zero on any failure.
#
# conformance/deviations.txt lists scripts on which the simulator may deliberately differ (one
# name per line, then the reason; `#` starts a comment): for those only live == expected is checked.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONF="$ROOT/conformance"
# shellcheck source=conformance/lib.sh
. "$CONF/lib.sh"
PIKA_SPEC='pika>=1.3,<2'
cd "$ROOT"

log() { printf '[conformance] %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_rabbitmq() {
    if [ "$(dpkg-query -W -f='${db:Status-Status}' rabbitmq-server 2>/dev/null)" = installed ]; then
        return 0
    fi
    log "installing rabbitmq-server (apt)"
    # Keep the package's own service (node rabbit@, port 5672) from starting: broker.sh runs a
    # private node instead.
    local policy=/usr/sbin/policy-rc.d added=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod +x "$policy"
        added=1
    fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
    local rc=$?
    if [ $added = 1 ]; then as_root rm -f "$policy"; fi
    return $rc
}

install_pika() {
    python3 -c 'import pika' >/dev/null 2>&1 && return 0
    log "installing pika (pip)"
    python3 -m pip install --quiet --disable-pip-version-check "$PIKA_SPEC" ||
        python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$PIKA_SPEC"
}

# The names of the deliberate deviations (first word of each non-comment line).
deviations() {
    [ -f "$CONF/deviations.txt" ] || return 0
    sed -e 's/#.*//' "$CONF/deviations.txt" | awk 'NF { print $1 }'
}

main() {
    local names=() missing n
    if ! script_names "$CONF" "$@"; then
        log "no script conformance/scripts/$missing.json"
        echo "0 passed, 1 failed"
        return 2
    fi

    install_rabbitmq || { log "cannot install rabbitmq-server"; echo "0 passed, ${#names[@]} failed"; return 1; }
    install_pika || { log "cannot install pika"; echo "0 passed, ${#names[@]} failed"; return 1; }

    # Build the simulator first, so that compiling does not compete with the live runs for the CPU;
    # every script then runs on that one binary (what `cargo run --release --bin warren-cli` runs).
    local sim_ok SIM start=$SECONDS
    build_simulator "$ROOT"
    log "simulator build: $((SECONDS - start)) s"

    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"; "$BROKER" stop' EXIT
    trap 'exit 130' INT TERM
    start=$SECONDS
    if ! "$BROKER" start; then
        log "cannot start the broker"
        echo "0 passed, ${#names[@]} failed"
        return 1
    fi
    log "broker start: $((SECONDS - start)) s"

    local files=()
    for n in "${names[@]}"; do files+=("$CONF/scripts/$n.json"); done
    python3 "$ORACLE" --prepare "${files[@]}" || { echo "0 passed, ${#names[@]} failed"; return 1; }

    local skip_sim
    skip_sim=" $(deviations | tr '\n' ' ') "
    local passed=0 failed=0 ok
    start=$SECONDS
    for n in "${names[@]}"; do
        ok=1
        local script="$CONF/scripts/$n.json" live="$WORK/$n.live.json"
        if ! WARREN_ORACLE_VHOSTS_PREPARED=1 python3 "$ORACLE" "$script" >"$live" 2>"$WORK/$n.live.err"; then
            echo "FAIL $n: the oracle failed: $(tail -n 1 "$WORK/$n.live.err")"
            failed=$((failed + 1))
            continue
        fi
        if [ ! -f "$CONF/expected/$n.json" ]; then
            echo "FAIL $n: no conformance/expected/$n.json (record it with conformance/record.sh $n)"
            ok=0
        elif ! python3 "$COMPARE" "$CONF/expected/$n.json" "$live" "expected/$n.json" "live broker"; then
            echo "FAIL $n: the live broker differs from the recorded observation"
            ok=0
        fi
        if [[ "$skip_sim" == *" $n "* ]]; then
            : # a listed deviation: the simulator is not compared
        elif ! compare_with_simulator "$n" "$script" "$live" "$WORK" "live broker"; then
            ok=0
        fi
        if [ $ok = 1 ]; then
            echo "ok   $n"
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    done
    log "scripts: $((SECONDS - start)) s"
    echo "$passed passed, $failed failed"
    [ $failed = 0 ]
}

main "$@"
