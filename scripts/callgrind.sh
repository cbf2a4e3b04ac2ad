#!/usr/bin/env bash
# Instruction counts of the two speed benchmarks under valgrind's callgrind: a figure that, unlike
# wall-clock time, does not move with the machine's load (the same binary and input give the same
# count), so it is the figure of record on a shared machine.
#
#   bash scripts/callgrind.sh [--messages N]     (default 200,000)
#
#   standard   one run of the throughput workload (examples/one_throughput_run.rs, profile perf):
#              instructions per delivery (process start and set-up included; under 0.1 %)
#   cluster    warren-cli run bench/chaos-cluster-5p10c.json --speed (profile perf): instructions
#              per simulated second (600 simulated seconds; parsing the scenario included)
# Prints both, with the trace hash and the ledger figures that show the runs are the usual ones.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

MESSAGES=200000
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) MESSAGES=${2:?--messages needs a value}; shift 2 ;;
        *) echo "usage: bash scripts/callgrind.sh [--messages N]" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "callgrind: needs valgrind (apt-get install valgrind)" >&2; exit 2; }

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/callgrind"
mkdir -p "$OUT"
cargo build --quiet --profile perf --example one_throughput_run --bin warren-cli

# Runs a command under callgrind; prints the instructions it executed.
instructions() {
    local name=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.out" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.log"
    awk '/^summary:/ { print $2 }' "$OUT/$name.out"
}

STANDARD=$(instructions standard "$TARGET_DIR/perf/examples/one_throughput_run" "$MESSAGES")
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ins = Number(process.argv[2]);
console.log(`standard workload (${process.argv[3]} messages): ${ins} instructions, ${s.deliveries} deliveries, ` +
  `${(ins / s.deliveries).toFixed(0)} instructions per delivery (trace ${s.trace})`);
' "$OUT/standard.stdout" "$STANDARD" "$MESSAGES"

SCENARIO=bench/chaos-cluster-5p10c.json
CLUSTER=$(instructions cluster "$TARGET_DIR/perf/warren-cli" run "$SCENARIO" --speed)
node -e '
const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ins = Number(process.argv[2]);
const simulated = o.speed.simulated_s;
console.log(`cluster + chaos (${process.argv[3]}): ${ins} instructions, ${simulated} simulated s, ` +
  `${(ins / simulated).toFixed(0)} instructions per simulated second (published ${o.guarantees.published}, processed ${o.guarantees.processed})`);
' "$OUT/cluster.stdout" "$CLUSTER" "$SCENARIO"
