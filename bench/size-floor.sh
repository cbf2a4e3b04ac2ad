#!/usr/bin/env bash
# What moving the running simulation out of the first load could save at most (issue 14): builds,
# in a throwaway worktree of HEAD, a page whose simulated world never runs — `World::new` refuses
# every scenario after validating it, `advance_within`, `inject` and `finish` return at once —
# so the linker drops the world's clients, network, cluster replication, chaos and fates and the
# broker code only they reach, and prints its size beside the size of this checkout's own release build (the same target
# directory: only the crate itself is compiled twice).
# What stays is what the editor needs before anything runs: the UI, Yew, the scenario reader,
# and the one validation path (`Scenario::validate`, which declares the topology into a broker).
# A measurement, not a test, and not a page anyone should ship: the probe cannot play.
#
#   bash bench/size-floor.sh      (two release builds; the second reuses the first's dependencies)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$ROOT"

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
TREE=$(mktemp -d)/tree
git worktree add -q --detach "$TREE" HEAD
trap 'git -C "$ROOT" worktree remove --force "$TREE"' EXIT
ln -s "$ROOT/node_modules" "$TREE/node_modules"

# Each edit names the line it follows; a line that is no longer there stops the probe.
probe() { # file, the line (a fixed string) to insert after, the line to insert
    grep -qF -- "$2" "$TREE/$1" || { echo "size-floor: '$2' is no longer in $1: update the probe" >&2; exit 2; }
    F="$2" L="$3" perl -0pi -e 's/\Q$ENV{F}\E\n/$ENV{F}\n$ENV{L}\n/' "$TREE/$1"
}
# Conditions the compiler folds to true: the code after them is dead, without an unreachable
# warning that would stop the build.
probe src/sim/world/mod.rs 'scenario.validate()?;' '        if scenario.seed == scenario.seed { return Err(String::from("size probe: no world")); }'
probe src/sim/world/mod.rs 'pub fn advance_within(&mut self, until: Time, budget: &mut u64) -> bool {' '        if until == until { let _ = budget; return true; }'
probe src/sim/world/faults.rs 'fault.check(&self.scenario, "fault")?;' '        if self.log.len() < usize::MAX { return Err(String::from("size probe: no world")); }'
probe src/sim/world/fates.rs 'pub fn finish(&mut self) {' '        if self.log.len() < usize::MAX { return; }'

size_of_dist() { # dist dir -> wasm + JS gzip -9 bytes
    { WARREN_DIST="$1" bash scripts/size.sh 2>/dev/null || true; } | sed -nE 's/.*wasm \+ JS ([0-9]+) B gzip -9.*/\1/p' | head -1
}

trunk build --release --dist "$TREE/dist-head" >/dev/null 2>&1 || { echo "size-floor: trunk build of HEAD failed" >&2; exit 1; }
(cd "$TREE" && CARGO_TARGET_DIR="$TARGET" trunk build --release >/dev/null 2>&1) ||
    { echo "size-floor: trunk build of the probe failed" >&2; exit 1; }
head=$(size_of_dist "$TREE/dist-head")
floor=$(size_of_dist "$TREE/dist")
echo "size-floor: this checkout's page $head B; without the running world $floor B (wasm + JS, gzip -9): the world's share is $((head - floor)) B"
