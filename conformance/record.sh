#!/usr/bin/env bash
# (Re)record conformance/expected/NAME.json from the real RabbitMQ for every script (or the named ones).
#
#   conformance/record.sh [NAME...]        NAME = a file name in conformance/scripts without .json
#
# Each script runs RUNS times (default 3, env WARREN_RECORD_RUNS); the expected file is written only
# when every run gives the same observation, so a timing-sensitive script cannot be recorded.
# Needs rabbitmq-server and pika (scripts/conformance.sh installs both). Starts the broker if it is
# not running, and stops it again afterwards in that case.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${WARREN_RECORD_RUNS:-3}
ORACLE="$HERE/oracle/run_script.py"
COMPARE="$HERE/oracle/compare.py"
mkdir -p "$HERE/expected"

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$HERE"/scripts/*.json; do names+=("$(basename "$f" .json)"); done
fi
files=()
for n in "${names[@]}"; do
    [ -f "$HERE/scripts/$n.json" ] || { echo "record.sh: no script $n" >&2; exit 2; }
    files+=("$HERE/scripts/$n.json")
done

started_here=0
if ! "$HERE/broker.sh" status; then
    "$HERE/broker.sh" start || exit 1
    started_here=1
fi
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ $started_here = 1 ]; then "$HERE/broker.sh" stop; fi
}
trap cleanup EXIT

recorded=0
unstable=0
for run in $(seq "$RUNS"); do
    python3 "$ORACLE" --prepare "${files[@]}" || exit 1
    for n in "${names[@]}"; do
        if ! WARREN_ORACLE_VHOSTS_PREPARED=1 python3 "$ORACLE" "$HERE/scripts/$n.json" >"$work/$n.$run.json"; then
            echo "record.sh: $n failed on run $run" >&2
            exit 1
        fi
    done
done
for n in "${names[@]}"; do
    stable=1
    for run in $(seq 2 "$RUNS"); do
        if ! python3 "$COMPARE" "$work/$n.1.json" "$work/$n.$run.json" "$n (run 1)" "$n (run $run)"; then
            stable=0
        fi
    done
    if [ $stable = 1 ]; then
        cp "$work/$n.1.json" "$HERE/expected/$n.json"
        recorded=$((recorded + 1))
    else
        echo "record.sh: $n is not deterministic over $RUNS runs; expected/$n.json left unchanged" >&2
        unstable=$((unstable + 1))
    fi
done
echo "recorded $recorded, unstable $unstable"
[ $unstable = 0 ]
