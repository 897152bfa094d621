# PHP: the Composer package in php-ext/ over FFI to the release C library (built once and
# shared with the C part), tested with PHPUnit: every vector (sign, verify, token, widget)
# against hash_hmac and the vectors file, errors, keyrings, explain, redaction, library
# loading and the example page under `php -S` with preloading. Then the FFI wrapper under
# valgrind: a loop of create/use/free of every handle, any definite or indirect leak fails.
need_apt php php-cli
need_apt phpunit phpunit
need_apt valgrind valgrind

if [ -z "${USERHASH_LIB_BUILT:-}" ]; then
    run_step c-build check cargo build --release -p userhash-c
    USERHASH_LIB_BUILT=yes
fi

USERHASH_LIB=$TARGET_DIR/release/libuserhash.so run_step php-tests phpunit \
    phpunit --configuration php-ext/phpunit.xml.dist
USERHASH_LIB=$TARGET_DIR/release/libuserhash.so USE_ZEND_ALLOC=0 run_step php-valgrind plain \
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    php php-ext/tests/valgrind/loop.php 200
