<?php

/**
 * opcache preloading for PHP-FPM and other web SAPIs, where the default
 * `ffi.enable=preload` lets only preloaded code load libraries:
 *
 *     opcache.enable=1
 *     opcache.preload=/path/to/php-ext/preload.php
 *
 * It preloads the package's classes and registers the FFI scope "userhash" (the library
 * from USERHASH_LIB or the package's lib/PLATFORM/, resolved now, at server start) that
 * the package then uses through FFI::scope().
 *
 * When the server starts as root, opcache needs opcache.preload_user, and PHP then refuses
 * FFI::load(): also set ffi.preload to the output of bin/userhash-ffi-header, which
 * registers the same scope; this file then only preloads the classes. fpm/userhash.ini
 * has both setups' lines.
 */

declare(strict_types=1);

foreach (
    ['Contract', 'UserhashError', 'UserhashException', 'UserIdTypeError', 'ClosedError', 'OwnsHandle', 'Native', 'Signer', 'Verification', 'Finding', 'FailureEvent', 'Preset', 'JwtVerification', 'KeyringVendors', 'Keyring', 'Widget', 'functions'] as $file
) {
    require_once __DIR__ . "/src/{$file}.php";
}

Userhash\Native::preload();
