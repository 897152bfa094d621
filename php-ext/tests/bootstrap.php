<?php

declare(strict_types=1);

require __DIR__ . '/../autoload.php';
require __DIR__ . '/Process.php';
require __DIR__ . '/Vectors.php';

if (!is_string(getenv('USERHASH_LIB'))) {
    fwrite(STDERR, "Set USERHASH_LIB to the C library (dist/c/userhash-VERSION-PLATFORM/lib/libuserhash.so).\n");
    exit(2);
}
