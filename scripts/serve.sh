#!/usr/bin/env bash
# Serves Warren at http://127.0.0.1:8080 with live rebuilds (trunk serve, offline).
#
#   bash scripts/serve.sh            # debug build, fastest rebuilds
#   bash scripts/serve.sh --release  # the size-tuned release build (wasm-opt -Oz)
#
# Extra arguments go to `trunk serve`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
echo "[serve] http://127.0.0.1:8080 (Ctrl-C to stop)" >&2
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
