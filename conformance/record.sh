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
CONF=$HERE
# shellcheck source=conformance/lib.sh
. "$CONF/lib.sh"
RUNS=${WARREN_RECORD_RUNS:-3}
mkdir -p "$HERE/expected"

script_names "$HERE" "$@" || { echo "record.sh: no script $missing" >&2; exit 2; }
files=()
for n in "${names[@]}"; do files+=("$HERE/scripts/$n.json"); done

started_here=0
if ! "$BROKER" status; then
    "$BROKER" start || exit 1
    started_here=1
fi
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ $started_here = 1 ]; then "$BROKER" stop; fi
}
trap cleanup EXIT

for run in $(seq "$RUNS"); do
    python3 "$ORACLE" --prepare "${files[@]}" || exit 1
    for n in "${names[@]}"; do
        if ! WARREN_ORACLE_VHOSTS_PREPARED=1 python3 "$ORACLE" "$HERE/scripts/$n.json" >"$work/$n.$run.json"; then
            echo "record.sh: $n failed on run $run" >&2
            exit 1
        fi
    done
done
keep_stable "$HERE" "$work" "$RUNS" "${names[@]}"
