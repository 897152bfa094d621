# PHP: dist/php/userhash-VERSION/, the Composer package userhash/userhash with dist/c's library
# of every target in lib/PLATFORM/libuserhash.so (the loader picks one by PHP_OS_FAMILY,
# php_uname('m') and the C library), and the same tree zipped, dist/php/userhash-VERSION.zip,
# the archive a Composer registry serves. The source tree's php-ext/ holds no binary.
PHP_PACKAGE=$DIST/php/userhash-$VERSION
rm -rf "$DIST/php" && mkdir -p "$PHP_PACKAGE/fpm"
cp -r php-ext/composer.json php-ext/README.md php-ext/autoload.php php-ext/preload.php \
    php-ext/src php-ext/bin php-ext/examples "$PHP_PACKAGE/"
cp php-ext/fpm/userhash.ini "$PHP_PACKAGE/fpm/"
for platform in "${TARGETS[@]}"; do
    install -D -m 755 "$DIST/c/userhash-$VERSION-$platform/lib/libuserhash.so.$VERSION" \
        "$PHP_PACKAGE/lib/$platform/libuserhash.so"
done
(cd "$DIST/php" && python3 -m zipfile -c "userhash-$VERSION.zip" "userhash-$VERSION")
ls -l "$DIST/php"
