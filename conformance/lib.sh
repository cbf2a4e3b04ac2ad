# Shared by the conformance commands (sourced, not run): scripts/conformance.sh and
# conformance/cluster.sh run scripts live and compare; conformance/record.sh and
# conformance/cluster/record.sh record them. The caller sets CONF (the conformance folder).
# shellcheck shell=bash

ORACLE="$CONF/oracle/run_script.py"
COMPARE="$CONF/oracle/compare.py"
BROKER="$CONF/broker.sh"

# script_names DIR [NAME...]: sets the array `names` to the given names, or to every
# DIR/scripts/*.json; returns 2 with `missing` set to the first name that has no script.
script_names() {
    local dir=$1 f n
    shift
    names=()
    missing=
    if [ $# -gt 0 ]; then
        names=("$@")
    else
        for f in "$dir"/scripts/*.json; do names+=("$(basename "$f" .json)"); done
    fi
    for n in "${names[@]}"; do
        if [ ! -f "$dir/scripts/$n.json" ]; then
            missing=$n
            return 2
        fi
    done
}

# build_simulator ROOT: builds warren-cli (release) before a broker starts, so compiling does not
# compete with the live runs; sets SIM to the binary and sim_ok to 1, or 0 if it does not build.
build_simulator() {
    local root=$1
    SIM="${CARGO_TARGET_DIR:-$root/target}/release/warren-cli"
    sim_ok=1
    if ! (cd "$root" && cargo build --release --quiet --bin warren-cli); then
        log "the simulator (warren-cli) does not build: every simulator comparison fails"
        sim_ok=0
    fi
}

# compare_with_simulator NAME SCRIPT LIVE WORK WHAT: runs the simulator on SCRIPT and compares its
# observation with LIVE (from WHAT, e.g. "live broker"); prints a FAIL line and returns 1 on a
# difference.
compare_with_simulator() {
    local n=$1 script=$2 live=$3 work=$4 what=$5
    if [ "$sim_ok" = 0 ]; then
        echo "FAIL $n: no simulator"
        return 1
    elif ! "$SIM" script "$script" >"$work/$n.sim.json" 2>"$work/$n.sim.err"; then
        echo "FAIL $n: the simulator failed: $(tail -n 1 "$work/$n.sim.err")"
        return 1
    elif ! python3 "$COMPARE" "$live" "$work/$n.sim.json" "$what" "simulator"; then
        echo "FAIL $n: the simulator differs from the $what"
        return 1
    fi
}

# keep_stable DIR WORK RUNS NAME...: for each name, if all RUNS observations WORK/NAME.RUN.json
# exist and agree, copies the first to DIR/expected/NAME.json; prints `recorded N, unstable M`
# and returns 1 if any was unstable or missing.
keep_stable() {
    local dir=$1 work=$2 runs=$3 n run stable recorded=0 unstable=0
    shift 3
    for n in "$@"; do
        stable=1
        for run in $(seq "$runs"); do
            [ -f "$work/$n.$run.json" ] || stable=0
        done
        if [ $stable = 1 ]; then
            for run in $(seq 2 "$runs"); do
                if ! python3 "$COMPARE" "$work/$n.1.json" "$work/$n.$run.json" "$n (run 1)" "$n (run $run)"; then
                    stable=0
                fi
            done
        fi
        if [ $stable = 1 ]; then
            cp "$work/$n.1.json" "$dir/expected/$n.json"
            echo "record.sh: recorded $n" >&2
            recorded=$((recorded + 1))
        else
            echo "record.sh: $n is not deterministic over $runs runs (or failed); expected/$n.json left unchanged" >&2
            unstable=$((unstable + 1))
        fi
    done
    echo "recorded $recorded, unstable $unstable"
    [ $unstable = 0 ]
}
