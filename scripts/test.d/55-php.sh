# PHP: the Composer package in php-ext/ over FFI to the release C library (built once and
# shared with the C part), tested with PHPUnit: every vector against hash_hmac, errors,
# redaction, library loading and the example page under `php -S` with preloading.
need_apt php php-cli
need_apt phpunit phpunit

if [ -z "${USERHASH_LIB_BUILT:-}" ]; then
    run_step c-build check cargo build --release -p userhash-c
    USERHASH_LIB_BUILT=yes
fi

USERHASH_LIB=$TARGET_DIR/release/libuserhash.so run_step php-tests phpunit \
    phpunit --configuration php-ext/phpunit.xml.dist
