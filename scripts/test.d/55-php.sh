# PHP: the Composer package in php-ext/ over FFI to the C library of dist/c, tested with PHPUnit:
# every vector (sign, verify, token, widget) against hash_hmac and the vectors file, errors,
# keyrings, explain, redaction, library loading (the platform's bundled library, USERHASH_LIB,
# each loading error) and the example page under `php -S` with preloading. Then the FFI wrapper
# under valgrind: a loop of create/use/free of every handle, any definite or indirect leak fails.
# Then dist/php's package as a user installs it: a fresh Composer project in /tmp made by the
# Install section of php-ext/README.md (a path repository to dist/php/userhash-VERSION,
# Packagist off), with no USERHASH_LIB and no cargo or rustc on PATH; every vector through
# vendor/autoload.php, and through the package's own autoload.php (no Composer); the project
# under Debian's php-fpm over FastCGI (php-ext/tests/package/fpm.sh); the zip holding the same
# tree; each bundled library for its machine, dist/c's file, needing glibc 2.17 at most.
need_dist
need_apt php php-cli
need_apt phpunit phpunit
need_apt valgrind valgrind
need_apt composer composer
need_apt cgi-fcgi libfcgi-bin
# Laravel and Twig for the integration tests (php-ext/tests/LaravelTest.php), from Debian.
[ -e /usr/share/php/Illuminate/autoload.php ] && [ -d /usr/share/php/Twig ] ||
    apt_install php-laravel-framework php-twig
# The Laravel and Twig integrations' tests use Debian's frameworks (no command: their autoloaders).
[ -e /usr/share/php/Illuminate/autoload.php ] && [ -e /usr/share/php/Twig/autoload.php ] ||
    apt_install php-laravel-framework php-twig
need_apt "php-fpm$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')" php-fpm

USERHASH_LIB=$C_PREFIX/lib/libuserhash.so run_step php-tests phpunit \
    phpunit --configuration php-ext/phpunit.xml.dist
USERHASH_LIB=$C_PREFIX/lib/libuserhash.so USE_ZEND_ALLOC=0 run_step php-valgrind plain \
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    php php-ext/tests/valgrind/loop.php 200

PHP_PACKAGE=$DIST/php/userhash-$VERSION
PHP_WORK=$(mktemp -d /tmp/userhash-php-XXXXXX)
chmod 755 "$PHP_WORK" # php-fpm's pool user reads the project
# A user's environment: a PATH without Rust's tools, a HOME and a Composer home of its own, nothing else.
php_user_env() {
    env -i PATH="$NO_RUST_PATH" HOME="$PHP_WORK" COMPOSER_HOME="$PHP_WORK/composer" COMPOSER_ALLOW_SUPERUSER=1 \
        COMPOSER_DISABLE_NETWORK=1 "$@"
}

# The README's Install section, run: its composer.json (with dist's path) and its commands.
php_composer_project() {
    local readme=$ROOT/php-ext/README.md
    mkdir "$PHP_WORK/app" && cd "$PHP_WORK/app" || return 1
    "$ROOT/scripts/readme-block" "$readme" php-composer-json | sed "s|/path/to/dist/php|$DIST/php|" >composer.json &&
        "$ROOT/scripts/readme-block" "$readme" php-install >install.sh || return 1
    if php_user_env sh -c 'command -v cargo || command -v rustc'; then
        echo "cargo or rustc on the PATH of the install"
        return 1
    fi
    php_user_env sh -ex install.sh &&
        php_user_env php "$ROOT/php-ext/tests/package/vectors.php" vendor/autoload.php "$ROOT/tests/vectors/vectors.json" composer &&
        php_user_env php "$ROOT/php-ext/tests/package/vectors.php" "$PHP_PACKAGE/autoload.php" \
            "$ROOT/tests/vectors/vectors.json" no-composer
}

# Every platform the loader knows (Native::PLATFORMS) has its library, and lib/ holds no other.
php_bundled_libraries() {
    local platforms platform lib machine glibc passed=0 failed=0
    platforms=$(php -r "require '$PHP_PACKAGE/src/Native.php'; echo implode(' ', Userhash\Native::PLATFORMS);")
    if [ "$(printf '%s\n' $platforms | sort)" != "$(ls "$PHP_PACKAGE/lib")" ]; then
        echo "FAIL lib/ holds $(ls "$PHP_PACKAGE/lib" | xargs), the loader knows $platforms" && failed=1
    fi
    for platform in $platforms; do
        lib=$PHP_PACKAGE/lib/$platform/libuserhash.so
        machine=$(readelf -h "$lib" | sed -n 's/^ *Machine: *//p')
        glibc=$(objdump -T "$lib" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
        echo "$platform: $machine, ${glibc:-no glibc symbol}"
        if cmp -s "$lib" "$DIST/c/userhash-$VERSION-$platform/lib/libuserhash.so.$VERSION" &&
            case $platform in
            x86_64-*) [ "$machine" = "Advanced Micro Devices X86-64" ] ;;
            aarch64-*) [ "$machine" = AArch64 ] ;;
            esac &&
            case $platform in
            *-gnu) [ "$(printf '%s\n' "$glibc" GLIBC_2.17 | sort -V | tail -n 1)" = GLIBC_2.17 ] ;;
            *-musl) [ -z "$glibc" ] ;;
            esac; then
            passed=$((passed + 1))
        else
            echo "FAIL $platform" && failed=$((failed + 1))
        fi
    done
    echo "bundled-libraries: $passed passed, $failed failed"
}

run_step php-composer-install plain php_composer_project
run_step php-fpm plain php_user_env php-ext/tests/package/fpm.sh "$PHP_WORK/app" "$ROOT/tests/vectors/vectors.json"
run_step php-zip check sh -c "cd '$PHP_WORK' && python3 -m zipfile -e '$PHP_PACKAGE.zip' zip && diff -r '$PHP_PACKAGE' 'zip/userhash-$VERSION'"
run_step php-bundled-libraries plain php_bundled_libraries
rm -rf "$PHP_WORK"
