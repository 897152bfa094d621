#!/usr/bin/env bash
# Ruby: builds libuserhash in release mode and runs ruby/bench/bench.rb against it from
# the source tree. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

cargo build --release -q -p userhash-c >&2
USERHASH_LIB=$TARGET_DIR/release/libuserhash.so exec ruby -I ruby/lib ruby/bench/bench.rb
