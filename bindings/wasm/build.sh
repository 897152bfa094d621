#!/usr/bin/env bash
# Builds the WebAssembly module (profile dist: stripped) and prints its path. getrandom's
# custom backend (src/random.rs) is chosen for this target only; rustup adds the target when
# missing. Used by scripts/dist.d/35-node-wasm.sh, scripts/bench.d/45-node-wasm.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TRIPLE=wasm32-unknown-unknown
rustup target list --installed | grep -qx "$TRIPLE" || rustup target add "$TRIPLE" >&2
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg getrandom_backend="custom"' \
    cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --profile dist -p userhash-wasm --target "$TRIPLE" >&2
echo "${CARGO_TARGET_DIR:-$ROOT/target}/$TRIPLE/dist/userhash_wasm.wasm"
