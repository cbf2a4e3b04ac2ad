#!/usr/bin/env bash
# Cluster conformance against the real RabbitMQ 3.10 cluster (three nodes, conformance/broker.sh
# cluster-start): every script of conformance/cluster/scripts runs live and is compared with its
# recording in conformance/cluster/expected/, and the simulator (`warren-cli script`) is compared
# with the live cluster. scripts/test.sh runs it as its `cluster` layer.
#
#   bash conformance/cluster.sh [NAME...]     NAME = a script file name without .json (default: all)
#
# Starts the cluster (about 50 s), stops it on exit (also on failure or interrupt), prints a unified
# diff per mismatch and ends with `N passed, M failed`; exits non-zero on any failure.
set -uo pipefail

CONF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CL="$CONF/cluster"
# shellcheck source=conformance/lib.sh
. "$CONF/lib.sh"

log() { printf '[cluster] %s\n' "$*" >&2; }

main() {
    local names=() missing n
    if ! script_names "$CL" "$@"; then
        log "no script conformance/cluster/scripts/$missing.json"
        echo "0 passed, 1 failed"
        return 2
    fi
    if ! python3 -c 'import pika' >/dev/null 2>&1 || [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
        log "needs rabbitmq-server and pika (bash scripts/conformance.sh installs both)"
        echo "0 passed, ${#names[@]} failed"
        return 1
    fi

    local sim_ok SIM
    build_simulator "$(cd "$CONF/.." && pwd)"

    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"; "$BROKER" cluster-stop' EXIT
    trap 'exit 130' INT TERM
    local start=$SECONDS
    if ! "$BROKER" cluster-start; then
        log "cannot start the cluster"
        echo "0 passed, ${#names[@]} failed"
        return 1
    fi
    log "cluster start: $((SECONDS - start)) s"

    local passed=0 failed=0
    start=$SECONDS
    for n in "${names[@]}"; do
        local script="$CL/scripts/$n.json" live="$WORK/$n.live.json"
        if ! python3 "$ORACLE" "$script" >"$live" 2>"$WORK/$n.live.err"; then
            echo "FAIL $n: the oracle failed: $(tail -n 1 "$WORK/$n.live.err")"
            failed=$((failed + 1))
            "$BROKER" cluster-start >/dev/null 2>&1 || true # bring back what the run left down
            continue
        fi
        if [ ! -f "$CL/expected/$n.json" ]; then
            echo "FAIL $n: no conformance/cluster/expected/$n.json (record it with conformance/cluster/record.sh $n)"
            failed=$((failed + 1))
        elif ! python3 "$COMPARE" "$CL/expected/$n.json" "$live" "expected/$n.json" "live cluster"; then
            echo "FAIL $n: the live cluster differs from the recorded observation"
            failed=$((failed + 1))
        elif ! compare_with_simulator "$n" "$script" "$live" "$WORK" "live cluster"; then
            failed=$((failed + 1))
        else
            echo "ok   $n"
            passed=$((passed + 1))
        fi
    done
    log "scripts: $((SECONDS - start)) s"
    echo "$passed passed, $failed failed"
    [ $failed = 0 ]
}

main "$@"
