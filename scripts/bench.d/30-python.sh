#!/usr/bin/env bash
# Python: builds the release wheel, installs it into a fresh venv outside the tree and runs
# python/benches/bench.py. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

dist=$TARGET_DIR/python/bench-dist
build_venv=$TARGET_DIR/python/build-venv
run=$(mktemp -d "${TMPDIR:-/tmp}/userhash-python-bench.XXXXXX")
trap 'rm -rf "$run"' EXIT

{
    [ -x "$build_venv/bin/python" ] || python3 -m venv "$build_venv"
    "$build_venv/bin/pip" install -q maturin==1.16.0
    rm -rf "$dist"
    (cd python && "$build_venv/bin/maturin" build --release --out "$dist")
    python3 -m venv "$run/venv"
    "$run/venv/bin/pip" install -q "$dist"/*.whl "$ORACLE_PYJWT"
} >&2
cd "$run" && "$run/venv/bin/python" "$ROOT/python/benches/bench.py"
