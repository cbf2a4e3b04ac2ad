# Shared environment for scripts/*.sh (sourced, not run).
# Puts the project's tools on PATH and sets the wasm test runner variables.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$ROOT/node_modules/.bin:$CARGO_HOME/bin:$PATH"

# wasm-bindgen-test: `cargo test --target wasm32-unknown-unknown` runs each test binary
# through wasm-bindgen-test-runner (Node by default, headless Chromium for run_in_browser).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Trunk: never look for updates, never download tools (Trunk.toml also sets offline).
export TRUNK_SKIP_VERSION_CHECK=true

# The wasm-bindgen version the crate links against, read from Cargo.lock.
wasm_bindgen_lock_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
