#!/usr/bin/env bash
# Serves the example with PHP's built-in server on 127.0.0.1:$PORT, with userhash preloaded
# the way PHP-FPM needs it (see README.md). USERHASH_LIB is the C library; without it, the
# x86_64 glibc library in this repository's dist/c (scripts/dist c).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PHP_EXT=$(cd ../../php-ext && pwd)
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' ../../Cargo.toml)
export USERHASH_LIB=${USERHASH_LIB:-$(cd ../.. && pwd)/dist/c/userhash-$version-x86_64-linux-gnu/lib/libuserhash.so}
: "${PORT:=8000}"

# ffi.preload registers the library for the web SAPI (whose default ffi.enable=preload lets
# only preloaded code use FFI); opcache.preload loads the package's classes once.
header=$(mktemp "${TMPDIR:-/tmp}/userhash-ffi-XXXXXX.h")
php "$PHP_EXT/bin/userhash-ffi-header" >"$header"

php -d opcache.enable=1 -d opcache.enable_cli=1 \
    -d opcache.preload="$PHP_EXT/preload.php" -d opcache.preload_user="$(id -un)" \
    -d ffi.preload="$header" \
    -S "127.0.0.1:$PORT" index.php &
server=$!
# Stopping this script (the e2e test sends SIGTERM) stops the server too.
trap 'rm -f "$header"; kill "$server" 2>/dev/null; wait "$server" || true' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
wait "$server"
