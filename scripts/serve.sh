#!/usr/bin/env bash
# Serves Warren at http://127.0.0.1:8080 with live rebuilds (trunk serve, offline).
#
#   bash scripts/serve.sh            # the release build a user gets (size-tuned, wasm-opt -Oz)
#   bash scripts/serve.sh --dev      # debug build for developers: incremental, fastest rebuilds
#
# Other arguments go to `trunk serve`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
echo "[serve] http://127.0.0.1:8080 (Ctrl-C to stop)" >&2
mode=(--release)
args=()
for arg in "$@"; do
    case "$arg" in
        --dev) mode=() ;;
        --release) ;;
        *) args+=("$arg") ;;
    esac
done
exec trunk serve --address 127.0.0.1 --port 8080 "${mode[@]}" "${args[@]}"
