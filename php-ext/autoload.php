<?php

/**
 * For use without Composer (tests, preload.php, a plain `require`): the PSR-4 mapping and
 * the function file that composer.json declares.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Userhash\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 9)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

require_once __DIR__ . '/src/functions.php';
