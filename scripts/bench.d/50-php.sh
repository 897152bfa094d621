#!/usr/bin/env bash
# PHP: the php-ext package (FFI to the release C library) against hash_hmac('sha256', …),
# measured in one process by php-ext/benchmarks/bench.php. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

need_apt php php-cli >&2
cargo build --release -q -p userhash-c >&2
USERHASH_LIB=$TARGET_DIR/release/libuserhash.so php php-ext/benchmarks/bench.php \
    "${PHP_BENCH_ITERATIONS:-200000}" "${PHP_BENCH_RUNS:-7}"
