#!/usr/bin/env bash
# The standard-workload benchmark, natively and in WebAssembly under Node, in one run:
#
#   bash scripts/bench.sh [--messages N]      (default 1,000,000)
#
# Builds src/bin/warren-bench.rs twice with the speed profile `perf` (release, opt-level 3):
# natively, and for wasm32 followed by `wasm-bindgen --target nodejs`. Then runs both (each runs
# its phases in fresh processes: throughput, 1M queued, VecDeque floor) and prints one table:
# deliveries per wall-clock second, the wasm/native ratio, the floor, and peak memory.
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
