#!/usr/bin/env bash
# The installed package under Debian's php-fpm, reached over FastCGI by cgi-fcgi as a web
# server reaches it: Debian's php.ini and conf.d, the master as root and the pool as www-data
# (when run as root), and three setups, each a pool in a fresh FPM:
#   - fpm/userhash.ini set up by the README's commands: every sign vector through
#     public/sign.php, checked against hash_hmac;
#   - without it: the page is a 500 and its FastCGI stderr is the "not preloaded" error;
#   - the snippet without ffi.preload: FPM does not start, and says to set ffi.preload.
#
#   fpm.sh PROJECT VECTORS   PROJECT: a Composer project with the package installed
set -euo pipefail
project=$1 vectors=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fpm=php-fpm$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
work=$(mktemp -d "${TMPDIR:-/tmp}/userhash-fpm-XXXXXX")
chmod 755 "$work" # the pool user reads the project below it
fpm_pid=
trap 'stop_fpm; rm -rf "$work"' EXIT

mkdir -p "$project/public"
cp "$here/public/sign.php" "$project/public/"

# The README's PHP-FPM section: its ini block is the snippet's settings, and its commands run
# in the application's directory, with $work/conf.d for FPM's conf.d.
readme=$here/../../README.md
status=0
if diff <("$here/../../../scripts/readme-block" "$readme" php-fpm-ini) \
    <(grep -v -e '^;' -e '^$' "$project/vendor/userhash/userhash/fpm/userhash.ini"); then
    echo "fpm-readme-ini: 1 passed, 0 failed"
else
    echo "fpm-readme-ini: 0 passed, 1 failed (the README's ini block is not fpm/userhash.ini's settings)" && status=1
fi
mkdir "$work/conf.d"
"$here/../../../scripts/readme-block" "$readme" php-fpm-setup |
    sed "s|/etc/php/8.2/fpm/conf.d|$work/conf.d|" >"$work/setup.sh"
(cd "$project" && sh -ex "$work/setup.sh")
mkdir "$work/without-ffi-preload.d"
grep -v '^ffi.preload=' "$work/conf.d/50-userhash.ini" > "$work/without-ffi-preload.d/50-userhash.ini"

pool_user=
[ "$(id -u)" = 0 ] && pool_user=$'user = www-data\ngroup = www-data'
cat > "$work/fpm.conf" <<CONF
[global]
error_log = $work/fpm.log
[app]
$pool_user
listen = $work/fpm.sock
pm = static
pm.max_children = 2
CONF

# fpm SCAN_DIR: starts php-fpm with Debian's conf.d and SCAN_DIR (none when empty), in the
# foreground; its output goes to $work/fpm.out. wait_for_socket: until it listens, or fails
# when it has exited or after 10 s.
fpm() {
    PHP_INI_SCAN_DIR=:$1 "$fpm" --nodaemonize --fpm-config "$work/fpm.conf" >"$work/fpm.out" 2>&1 &
    fpm_pid=$!
}
stop_fpm() {
    [ -n "$fpm_pid" ] || return 0
    kill "$fpm_pid" 2>/dev/null || true
    wait "$fpm_pid" || true
    fpm_pid=
    rm -f "$work/fpm.sock"
}
wait_for_socket() {
    for _ in $(seq 100); do
        [ -S "$work/fpm.sock" ] && return 0
        kill -0 "$fpm_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "php-fpm did not start:" && cat "$work/fpm.out" "$work/fpm.log"
    return 1
}

fpm "$work/conf.d"
wait_for_socket && php "$here/fastcgi.php" "$work/fpm.sock" "$project/public/sign.php" "$vectors" signs || status=1
stop_fpm

fpm ""
wait_for_socket && php "$here/fastcgi.php" "$work/fpm.sock" "$project/public/sign.php" "$vectors" unpreloaded || status=1
stop_fpm

fpm "$work/without-ffi-preload.d"
if wait_for_socket >/dev/null; then started=yes; else started=no; fi
stop_fpm
if [ "$started" = no ] &&
    grep -q "with opcache.preload_user, register it with ffi.preload=$project/vendor/userhash/userhash/fpm/userhash-ffi.h" \
        "$work/fpm.out"; then
    echo "fpm-preload-user: 1 passed, 0 failed"
else
    echo "fpm-preload-user: 0 passed, 1 failed (started: $started)" && cat "$work/fpm.out"
    status=1
fi
exit $status
