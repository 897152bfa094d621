#!/usr/bin/env bash
# Node, WebAssembly build: the module (bindings/wasm/build.sh) measured next to the native
# addon (built in release mode, as 40-node.sh) and node:crypto in one process by
# node/test-edge/bench.mjs. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

{
    npm install --prefix node --no-save --silent --no-audit --no-fund
    npm run --prefix node --silent build
} >&2
node node/test-edge/bench.mjs "$(bindings/wasm/build.sh)"
