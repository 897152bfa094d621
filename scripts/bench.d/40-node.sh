#!/usr/bin/env bash
# Node: builds the napi-rs addon in release mode and runs node/bench/bench.js against it.
# Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

{
    npm install --prefix node --no-save --silent --no-audit --no-fund
    npm run --prefix node --silent build
} >&2
node node/bench/bench.js
