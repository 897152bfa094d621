#!/usr/bin/env bash
# C: the C ABI (shared release library) against OpenSSL's one-shot HMAC() and a hex loop,
# what a C program writes without userhash. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

{
    need_apt gcc gcc libc6-dev
    # OpenSSL's headers are a package, not a command: ask need_apt whenever they are absent.
    [ -f /usr/include/openssl/hmac.h ] || need_apt /usr/include/openssl/hmac.h libssl-dev
    cargo build --release -q -p userhash-c
    mkdir -p "$TARGET_DIR/bench"
    gcc -std=c11 -O2 -Wall -Wextra -Werror -Ibindings/c/include bindings/c/benches/bench.c \
        -o "$TARGET_DIR/bench/c-bench" -L"$TARGET_DIR/release" -luserhash \
        -Wl,-rpath,"$TARGET_DIR/release" -lcrypto
} >&2
"$TARGET_DIR/bench/c-bench" "${C_BENCH_ITERATIONS:-500000}" "${C_BENCH_RUNS:-7}"
