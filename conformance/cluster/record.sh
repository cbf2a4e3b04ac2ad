#!/usr/bin/env bash
# (Re)record conformance/cluster/expected/NAME.json from the real 3-node RabbitMQ cluster.
#
#   conformance/cluster/record.sh [NAME...]    NAME = a file name in conformance/cluster/scripts without .json
#
# Each script runs RUNS times (default 3, env WARREN_RECORD_RUNS); the expected file is written only
# when every run gives the same observation. Starts the cluster if it is not running (and stops it
# again afterwards in that case).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CONF=$(dirname "$HERE")
RUNS=${WARREN_RECORD_RUNS:-3}
ORACLE="$CONF/oracle/run_script.py"
COMPARE="$CONF/oracle/compare.py"
BROKER="$CONF/broker.sh"
mkdir -p "$HERE/expected"

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$HERE"/scripts/*.json; do names+=("$(basename "$f" .json)"); done
fi
for n in "${names[@]}"; do
    [ -f "$HERE/scripts/$n.json" ] || { echo "record.sh: no script $n" >&2; exit 2; }
done

started_here=0
if ! "$BROKER" cluster-status; then
    "$BROKER" cluster-start || exit 1
    started_here=1
fi
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ $started_here = 1 ]; then "$BROKER" cluster-stop; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

recorded=0
unstable=0
failed=0
for run in $(seq "$RUNS"); do
    for n in "${names[@]}"; do
        s=$SECONDS
        if ! python3 "$ORACLE" "$HERE/scripts/$n.json" >"$work/$n.$run.json" 2>"$work/$n.$run.err"; then
            echo "record.sh: $n failed on run $run: $(tail -n 1 "$work/$n.$run.err")" >&2
            rm -f "$work/$n.$run.json"
            # bring back whatever the failed run left down
            "$BROKER" cluster-start >/dev/null 2>&1 || true
        fi
        echo "record.sh: run $run $n $((SECONDS - s))s" >&2
    done
done
for n in "${names[@]}"; do
    stable=1
    for run in $(seq "$RUNS"); do
        [ -f "$work/$n.$run.json" ] || stable=0
    done
    if [ $stable = 1 ]; then
        for run in $(seq 2 "$RUNS"); do
            if ! python3 "$COMPARE" "$work/$n.1.json" "$work/$n.$run.json" "$n (run 1)" "$n (run $run)"; then
                stable=0
            fi
        done
    else
        failed=$((failed + 1))
    fi
    if [ $stable = 1 ]; then
        cp "$work/$n.1.json" "$HERE/expected/$n.json"
        echo "record.sh: recorded $n" >&2
        recorded=$((recorded + 1))
    else
        echo "record.sh: $n is not deterministic over $RUNS runs (or failed); expected/$n.json left unchanged" >&2
        unstable=$((unstable + 1))
    fi
done
echo "recorded $recorded, unstable $unstable"
[ $unstable = 0 ]
