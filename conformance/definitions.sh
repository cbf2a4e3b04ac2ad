#!/usr/bin/env bash
# RabbitMQ definitions against a live RabbitMQ 3.10 (a counted layer of scripts/test.sh).
#
#   bash conformance/definitions.sh       (needs root and Debian's rabbitmq-server)
#
# 1. Every ready-made scenario (scenarios/, scenarios/patterns/), and one with every topology
#    feature (conformance/definitions/warren/): `warren-cli definitions export`,
#    `rabbitmqctl import_definitions` into a fresh vhost `/`, `rabbitmqctl export_definitions`,
#    and the two compared (conformance/definitions/compare.py).
# 2. Every definitions file recorded from the real broker (conformance/definitions/*.json, made by
#    conformance/definitions/record.sh): `warren-cli definitions import` gives exactly the
#    warnings in NAME.warnings.txt, and the imported topology round-trips through the broker as
#    in 1.
#
# Its own node, never the oracle's: defs@localhost on 127.0.0.1:5698 (dist 25698, data in
# /tmp/warren-broker-defs), through conformance/broker.sh; it is stopped at the end unless
# WARREN_DEFS_KEEP=1. Ends with `definitions: N passed, M failed`.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DEFS="$HERE/definitions"
export WARREN_BROKER_NODE=${WARREN_DEFS_NODE:-defs@localhost}
export WARREN_BROKER_PORT=${WARREN_DEFS_PORT:-5698}
export WARREN_BROKER_DIST=${WARREN_DEFS_DIST:-25698}
export WARREN_BROKER_DIR=${WARREN_DEFS_DIR:-/tmp/warren-broker-defs}
WORK=$(mktemp -d /tmp/warren-defs-check.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

ctl() { rabbitmqctl -n "$WARREN_BROKER_NODE" -q "$@"; }
pass() { PASSED=$((PASSED + 1)); echo "ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }

cd "$ROOT"
if ! cargo build --quiet --bin warren-cli; then
    echo "definitions: 0 passed, 1 failed (warren-cli does not build)"
    exit 1
fi
CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/warren-cli"
if ! bash conformance/broker.sh start; then
    echo "definitions: 0 passed, 1 failed (no broker)"
    exit 1
fi

# A vhost `/` with nothing in it (and no other vhost).
fresh_vhost() {
    local vhost
    for vhost in $(ctl list_vhosts --no-table-headers name); do ctl delete_vhost "$vhost" || return 1; done
    ctl add_vhost / && ctl set_permissions -p / guest '.*' '.*' '.*'
}

# round_trip NAME OURS.json: into the broker and back, compared with OURS.
round_trip() {
    local name=$1 ours=$2
    fresh_vhost || { fail "$name: could not reset the vhost"; return; }
    # (rabbitmqctl runs as the rabbitmq user: give it the file on stdin)
    if ! ctl import_definitions <"$ours" >"$WORK/import.out" 2>&1; then
        fail "$name: the broker refused the definitions: $(tr '\n' ' ' <"$WORK/import.out")"
        return
    fi
    ctl export_definitions - >"$WORK/theirs.json" &&
        ctl list_exchanges name internal --formatter json >"$WORK/internal.json" ||
        { fail "$name: export_definitions failed"; return; }
    if python3 "$DEFS/compare.py" "$ours" "$WORK/theirs.json" "$WORK/internal.json"; then
        pass "$name: round trip through RabbitMQ"
    else
        fail "$name: round trip through RabbitMQ"
    fi
}

echo "== ready-made scenarios: Warren -> RabbitMQ -> Warren"
for scenario in scenarios/*.json scenarios/patterns/*.json conformance/definitions/warren/*.json; do
    name=${scenario#scenarios/}
    if ! "$CLI" definitions export "$scenario" >"$WORK/ours.json" 2>"$WORK/notes.txt"; then
        fail "$name: warren-cli definitions export: $(cat "$WORK/notes.txt")"
        continue
    fi
    round_trip "$name" "$WORK/ours.json"
done

echo "== definitions recorded from RabbitMQ: import into Warren, warnings, round trip"
for recorded in "$DEFS"/*.json; do
    name=definitions/$(basename "$recorded")
    expected=${recorded%.json}.warnings.txt
    if ! "$CLI" definitions import "$recorded" >"$WORK/imported.json" 2>"$WORK/warnings.txt"; then
        fail "$name: warren-cli definitions import: $(cat "$WORK/warnings.txt")"
        continue
    fi
    if diff -u "$expected" "$WORK/warnings.txt"; then
        pass "$name: import warnings as in $(basename "$expected")"
    else
        fail "$name: import warnings differ from $(basename "$expected")"
    fi
    "$CLI" definitions export "$WORK/imported.json" >"$WORK/ours.json" 2>/dev/null &&
        round_trip "$name" "$WORK/ours.json" ||
        fail "$name: the imported scenario does not export"
done

[ "${WARREN_DEFS_KEEP:-0}" = 1 ] || bash conformance/broker.sh stop
echo "definitions: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
