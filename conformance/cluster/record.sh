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
# shellcheck source=conformance/lib.sh
. "$CONF/lib.sh"
RUNS=${WARREN_RECORD_RUNS:-3}
mkdir -p "$HERE/expected"

script_names "$HERE" "$@" || { echo "record.sh: no script $missing" >&2; exit 2; }

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
keep_stable "$HERE" "$work" "$RUNS" "${names[@]}"
