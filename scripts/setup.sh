#!/usr/bin/env bash
# Installs every tool Warren's build and tests need, skipping what is already present.
# Idempotent: a second run takes a few seconds. Uses only crates.io, Debian apt, npm and PyPI.
#
#   bash scripts/setup.sh
#
# Installs: the wasm32 Rust target; Debian chromium, chromium-driver (+ fonts), rabbitmq-server;
# trunk 0.21.14; wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version; the npm tools
# of package-lock.json (binaryen's wasm-opt 132, playwright-core); Python's pika; the crates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
# Fonts are only Recommends of chromium, which --no-install-recommends skips.
APT_PACKAGES=(chromium chromium-driver fonts-dejavu-core fonts-liberation fonts-wqy-microhei rabbitmq-server)
PIKA_SPEC='pika>=1.3,<2'

log() { printf '[setup] %s\n' "$*" >&2; }

# Runs "$@" and logs how long it took.
timed() {
    local what=$1 start=$SECONDS
    shift
    "$@"
    log "$what: done in $((SECONDS - start)) s"
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

rust_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        return
    fi
    timed "rustup target add wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
}

apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return
    log "apt: installing ${missing[*]}"
    local start=$SECONDS status=0 policy=/usr/sbin/policy-rc.d added=0
    # Keep packaged services (rabbitmq-server's default node on port 5672) from starting:
    # the conformance suite runs its own private broker node.
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod +x "$policy"
        added=1
    fi
    as_root apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        status=$?
    if [ "$added" = 1 ]; then as_root rm -f "$policy"; fi
    [ "$status" -eq 0 ] || return "$status"
    log "apt: done in $((SECONDS - start)) s"
}

# Prints the version a tool reports, or nothing when it is absent.
tool_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | awk '{ print $2; exit }'
}

# Another process (e.g. a machine bootstrap) may be installing trunk right now: wait for it
# instead of compiling it twice on two cores.
wait_for_other_trunk_install() {
    local waited=0
    while pgrep -f '^[^ ]*cargo install trunk' >/dev/null 2>&1; do
        if [ $((waited % 60)) -eq 0 ]; then
            log "trunk: another 'cargo install trunk' is running; waiting for it (${waited} s so far)"
        fi
        sleep 5
        waited=$((waited + 5))
    done
}

trunk_tool() {
    [ "$(tool_version trunk)" = "$TRUNK_VERSION" ] && return
    wait_for_other_trunk_install
    [ "$(tool_version trunk)" = "$TRUNK_VERSION" ] && return
    log "trunk: installing $TRUNK_VERSION from crates.io (about 7 min on 2 cores)"
    timed "trunk" cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
}

# wasm-bindgen-cli's own lock file pins webpki-roots 1.0.11, which the registry mirror here does
# not serve. Build the unpacked crate with webpki-roots 1.0.10 instead.
wasm_bindgen_cli_workaround() {
    local version=$1 src crate build
    build=$(mktemp -d)
    # The failed install leaves the crate unpacked under registry/src (or at least downloaded).
    src=$(ls -d "$CARGO_HOME"/registry/src/*/"wasm-bindgen-cli-$version" 2>/dev/null | head -n 1)
    crate=$(ls "$CARGO_HOME"/registry/cache/*/"wasm-bindgen-cli-$version.crate" 2>/dev/null | head -n 1)
    if [ -n "$src" ]; then
        cp -r "$src" "$build/wasm-bindgen-cli"
    elif [ -n "$crate" ]; then
        tar -xzf "$crate" -C "$build" && mv "$build/wasm-bindgen-cli-$version" "$build/wasm-bindgen-cli"
    else
        log "wasm-bindgen-cli: sources of $version were not downloaded; cannot apply the workaround"
        rm -rf "$build"
        return 1
    fi
    (
        cd "$build/wasm-bindgen-cli"
        cargo update --quiet -p webpki-roots --precise 1.0.10
        cargo install --quiet --path . --locked --force
    )
    rm -rf "$build"
}

wasm_bindgen_cli() {
    local version
    version=$(wasm_bindgen_lock_version)
    if [ -z "$version" ]; then
        log "wasm-bindgen-cli: no wasm-bindgen package in Cargo.lock"
        return 1
    fi
    if [ "$(tool_version wasm-bindgen)" = "$version" ] &&
        [ "$(tool_version wasm-bindgen-test-runner)" = "$version" ]; then
        return
    fi
    log "wasm-bindgen-cli: installing $version (Cargo.lock's wasm-bindgen)"
    local start=$SECONDS
    if ! cargo install wasm-bindgen-cli --version "=$version" --locked --force --quiet; then
        log "wasm-bindgen-cli: plain --locked install failed; retrying with webpki-roots 1.0.10"
        wasm_bindgen_cli_workaround "$version"
    fi
    log "wasm-bindgen-cli: done in $((SECONDS - start)) s"
}

# Trunk.toml pins the wasm-bindgen version too: it must agree with Cargo.lock.
check_trunk_toml() {
    local lock pinned
    lock=$(wasm_bindgen_lock_version)
    pinned=$(awk -F'"' '/^wasm_bindgen *=/ { print $2 }' Trunk.toml)
    if [ "$lock" != "$pinned" ]; then
        log "Trunk.toml pins wasm_bindgen = \"$pinned\" but Cargo.lock has $lock: update Trunk.toml"
        return 1
    fi
}

npm_tools() {
    local stamp=node_modules/.warren-lock-sha256 want
    want=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
        [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ]; then
        return
    fi
    timed "npm ci" npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
}

python_tools() {
    if python3 -c 'import pika' >/dev/null 2>&1; then
        return
    fi
    timed "pip install pika" python3 -m pip install --quiet --disable-pip-version-check "$PIKA_SPEC"
}

# trunk builds with cargo --offline, so every crate must already be downloaded.
crates() {
    cargo fetch --quiet
}

main() {
    local start=$SECONDS
    rust_target
    apt_packages
    npm_tools
    python_tools
    crates
    wasm_bindgen_cli
    trunk_tool
    check_trunk_toml
    log "all tools present ($((SECONDS - start)) s)"
}

main "$@"
