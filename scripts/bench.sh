#!/usr/bin/env bash
# The standard-workload benchmark, natively and in WebAssembly under Node, in one run:
#
#   bash scripts/bench.sh [--messages N]      (default 1,000,000)
#
# Builds src/bin/warren-bench.rs twice with the speed profile `perf` (release, opt-level 3):
# natively, and for wasm32 followed by `wasm-bindgen --target nodejs`. Then runs both (each runs
# its phases in fresh processes: throughput, 1M queued, VecDeque floor) and prints one table:
# deliveries per wall-clock second, the wasm/native ratio, the floor, and peak memory.
# Then the cluster benchmark (issue 4): bench/chaos-cluster-5p10c.json — 3 nodes, a quorum and a
# mirrored queue, 5 producers, 10 consumers, 1,000 msg/s, chaos on, 600 simulated seconds — run by
# the simulated world natively (warren-cli run --speed) and in Node (bench_scenario in the same wasm
# build), 5 timed runs each: simulated seconds per wall second, target >= 1000.
# A benchmark, not a test: it fails only when something breaks or the two runs disagree.
# Needs the tools of scripts/setup.sh (wasm32 target, wasm-bindgen-cli, Node).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

MESSAGES=1000000
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) MESSAGES=${2:?--messages needs a value}; shift 2 ;;
        *) echo "usage: bash scripts/bench.sh [--messages N]" >&2; exit 2 ;;
    esac
done

log() { printf '[bench] %s\n' "$*" >&2; }

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/bench"
WANT_BINDGEN="$(wasm_bindgen_lock_version)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$WANT_BINDGEN" ]; then
    echo "bench: needs wasm-bindgen-cli $WANT_BINDGEN on PATH; run: bash scripts/setup.sh" >&2
    exit 2
fi

log "building natively (profile perf)"
cargo build --quiet --profile perf --bin warren-bench
log "building for wasm32 (profile perf) and binding for Node"
cargo build --quiet --profile perf --target wasm32-unknown-unknown --bin warren-bench
mkdir -p "$OUT/wasm"
wasm-bindgen --target nodejs --out-dir "$OUT/wasm" "$TARGET_DIR/wasm32-unknown-unknown/perf/warren-bench.wasm"
# The bindings are CommonJS, whatever an enclosing package.json says.
printf '{ "type": "commonjs" }\n' >"$OUT/wasm/package.json"

log "native run ($MESSAGES messages)"
"$TARGET_DIR/perf/warren-bench" --messages "$MESSAGES" --json >"$OUT/native.json"
log "wasm run in Node ($MESSAGES messages)"
node bench/run-wasm.mjs --pkg "$OUT/wasm" --messages "$MESSAGES" --json >"$OUT/wasm.json"

node bench/report.mjs "$OUT/native.json" "$OUT/wasm.json"

SCENARIO=bench/chaos-cluster-5p10c.json
log "cluster benchmark natively ($SCENARIO, 5 runs)"
cargo build --quiet --profile perf --bin warren-cli
: >"$OUT/cluster-native.txt"
for _ in 1 2 3 4 5; do
    "$TARGET_DIR/perf/warren-cli" run "$SCENARIO" --speed >"$OUT/cluster-native.json"
    node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(o.speed.simulated_s_per_wall_s, o.guarantees.published, o.guarantees.processed)' "$OUT/cluster-native.json" >>"$OUT/cluster-native.txt"
done
log "cluster benchmark in Node (5 runs after a warm-up)"
node bench/run-scenario-wasm.mjs --pkg "$OUT/wasm" "$SCENARIO" --runs 5 >"$OUT/cluster-wasm.json"
node -e '
const fs = require("fs");
const native = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
const wasm = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const speeds = native.map((r) => r[0]).sort((a, b) => a - b);
const best = Math.round(speeds[speeds.length - 1]), median = Math.round(speeds[2]);
const same = native.every((r) => r[1] === wasm.published && r[2] === wasm.processed);
const verdict = (x) => (x >= 1000 ? "ok" : "MISSED");
console.log("");
console.log("Cluster benchmark: " + process.argv[3] + " (600 simulated s, 3 nodes, quorum + mirrored, 5 producers, 10 consumers, chaos)");
console.log("simulated s per wall s     native best/median  " + best + " / " + median + "   wasm (Node) best/median  " + wasm.simulated_s_per_wall_s.best + " / " + wasm.simulated_s_per_wall_s.median + "   target >= 1000: native " + verdict(best) + ", wasm " + verdict(wasm.simulated_s_per_wall_s.best));
console.log("ledger native vs wasm: published " + native[0][1] + " / " + wasm.published + ", processed " + native[0][2] + " / " + wasm.processed + (same ? ": the same run" : ": DIFFERENT"));
if (!same) process.exit(1);
' "$OUT/cluster-native.txt" "$OUT/cluster-wasm.json" "$SCENARIO"
