<?php

declare(strict_types=1);

namespace Userhash;

/** @internal How the C library is reached: loaded once, its results as exceptions, ids as bytes, owned strings copied. */
final class Native
{
    /** The `FFI::scope` name that preload.php registers. */
    public const SCOPE = 'userhash';
    /** USERHASH_HASH_BUF_LEN, _INTEGER_ID_BUF_LEN and _TOKEN_BUF_LEN of userhash.h (FFI has no #define). */
    public const HASH_BUF_LEN = 65;
    public const INTEGER_ID_BUF_LEN = 21;
    public const TOKEN_BUF_LEN = 88;
    public const HASH_LEN = 64;
    /** The declarations for `FFI::cdef`, generated from the C crate by cbindgen. */
    private const HEADER = __DIR__ . '/userhash.ffi.h';

    private static ?\FFI $ffi = null;
    private static ?\FFI\CData $idBuf = null;
    private static ?\FFI\CData $idLen = null;

    /** The library, loaded on first use. */
    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** The declarations with the `FFI_SCOPE` / `FFI_LIB` lines of `FFI::load()` and `ffi.preload`. */
    public static function preloadHeader(): string
    {
        $library = addcslashes(self::libraryPath(), "\"\\");
        return sprintf("#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s", self::SCOPE, $library, file_get_contents(self::HEADER));
    }

    /** The platforms whose library the package bundles, in lib/PLATFORM/libuserhash.so (the C tarballs' names). */
    public const PLATFORMS = ['x86_64-linux-gnu', 'aarch64-linux-gnu', 'x86_64-linux-musl'];

    /** `USERHASH_LIB` when set, else the bundled library of this platform; a RuntimeException saying why when there is none. */
    public static function libraryPath(): string
    {
        $fromEnv = getenv('USERHASH_LIB');
        if (is_string($fromEnv) && $fromEnv !== '') {
            return is_file($fromEnv) ? $fromEnv
                : throw new \RuntimeException("userhash: USERHASH_LIB is set to {$fromEnv}, which is not a file");
        }
        $bundled = self::bundledLibrary(PHP_OS_FAMILY, php_uname('m'), self::musl());
        return is_file($bundled) ? $bundled : throw new \RuntimeException("userhash: the native library was not found: the "
            . "environment variable USERHASH_LIB is not set and {$bundled} does not exist (a source checkout bundles no library: "
            . 'install the package that scripts/dist builds, or set USERHASH_LIB to a libuserhash.so)');
    }

    /** The bundled library for an OS family, a machine (`php_uname('m')`) and a C library; a RuntimeException naming any other. */
    public static function bundledLibrary(string $os, string $machine, bool $musl): string
    {
        $platform = "{$machine}-linux-" . ($musl ? 'musl' : 'gnu');
        if ($os === 'Linux' && in_array($platform, self::PLATFORMS, true)) {
            return dirname(__DIR__) . "/lib/{$platform}/libuserhash.so";
        }
        $name = $os === 'Linux' ? $platform : "{$os} {$machine}";
        throw new \RuntimeException("userhash: this package bundles no library for {$name}, only for " . implode(', ', self::PLATFORMS)
            . ': set USERHASH_LIB to a libuserhash built for this platform from the userhash sources');
    }

    /**
     * Whether this PHP runs on musl, whose libc is the dynamic loader ld-musl-ARCH.so.1 mapped into every
     * process. (Debian's musl package installs /lib/ld-musl-*.so.1 on glibc systems, so that file alone says nothing.)
     */
    private static function musl(): bool
    {
        return str_contains((string) @file_get_contents('/proc/self/maps'), '/ld-musl-');
    }

    /** The exception for `$result` (Contract::ERRORS), with the message of the call that just failed unless given. */
    public static function error(int $result, ?string $message = null): UserhashError
    {
        [$code, $category] = Contract::ERRORS[$result];
        $message ??= (string) self::ffi()->userhash_last_error_message(); // read before any other call can fail
        return $category === 'user_id_type' ? new UserIdTypeError($message, $result) : new UserhashException($message, $result, $code);
    }

    /** Throws the exception for `$result` unless it is OK. */
    public static function check(int $result): void
    {
        $result === 0 || throw self::error($result);
    }

    /** A new `$type *` handle from `$constructor(...$arguments, &handle)`. */
    public static function create(string $type, string $constructor, #[\SensitiveParameter] mixed ...$arguments): \FFI\CData
    {
        $handle = self::ffi()->new("{$type} *");
        $arguments[] = \FFI::addr($handle);
        self::check(self::ffi()->$constructor(...$arguments));
        return $handle;
    }

    /** `getenv($name)` (which sees PHP-FPM's `env[...]`) as a C text and its length: `[NULL, 0]` when unset. */
    public static function env(string $name): array
    {
        $value = getenv($name);
        return \is_string($value) ? [$value, \strlen($value)] : [null, 0];
    }

    /** A user id's bytes: a string as it is, an int in the core's decimal form, anything else (`1.0`, `true`) a UserIdTypeError. */
    public static function userId(mixed $userId, string $function): string
    {
        if (is_string($userId)) {
            return $userId;
        }
        $ffi = self::ffi();
        if (!is_int($userId)) {
            $message = sprintf('%s(): Argument $userId must be of type string|int, %s given', $function, get_debug_type($userId));
            throw self::error($ffi->USERHASH_RESULT_INVALID_USER_ID_TYPE, $message);
        }
        self::$idBuf ??= $ffi->new('char[' . self::INTEGER_ID_BUF_LEN . ']');
        self::$idLen ??= $ffi->new('size_t');
        self::check($ffi->userhash_integer_id($userId, self::$idBuf, self::INTEGER_ID_BUF_LEN, \FFI::addr(self::$idLen)));
        return \FFI::string(self::$idBuf, self::$idLen->cdata);
    }

    /** @param callable(\FFI\CData): int $call writes a `userhash_string`, whose text this copies and releases */
    public static function ownedString(callable $call): string
    {
        $string = self::ffi()->new('userhash_string');
        self::check($call(\FFI::addr($string))); // written only on success
        try {
            return \FFI::string($string->ptr, $string->len);
        } finally {
            self::ffi()->userhash_string_free(\FFI::addr($string));
        }
    }

    /** preload.php's work: the FFI scope, registered with FFI::load() unless ffi.preload did it. */
    public static function preload(): void
    {
        self::requireFfi();
        try {
            \FFI::scope(self::SCOPE);
            return; // registered by ffi.preload
        } catch (\FFI\Exception) {
        }
        $library = self::libraryPath();
        // FFI::load() takes a file: write the header with its #define lines to a temporary one.
        $header = (string) tempnam(sys_get_temp_dir(), 'userhash-ffi-');
        file_put_contents($header, self::preloadHeader());
        try {
            \FFI::load($header);
        } catch (\FFI\Exception $e) {
            // As root, opcache preloads in a child running as opcache.preload_user, where FFI::load() is refused.
            throw !str_contains($e->getMessage(), 'opcache.preload_user') ? self::notUserhash($library, $e) : new \RuntimeException(
                "userhash: preload.php cannot register the library ({$e->getMessage()}): with opcache.preload_user, register "
                . 'it with ffi.preload=' . self::fpmHeader() . ', a file written by ' . dirname(__DIR__) . '/bin/userhash-ffi-header '
                . '(see fpm/userhash.ini)',
                0,
                $e,
            );
        } finally {
            unlink($header);
        }
    }

    private static function load(): \FFI
    {
        $mode = self::requireFfi();
        try {
            return \FFI::scope(self::SCOPE); // registered by preload.php or ffi.preload
        } catch (\FFI\Exception) {
            // Not preloaded: load it now, which ffi.enable=preload allows only in the CLI.
        }
        if ($mode === 'preload' && PHP_SAPI !== 'cli') {
            $package = dirname(__DIR__);
            throw new \RuntimeException('userhash: this ' . PHP_SAPI . ' process has not preloaded userhash, and with ffi.enable=preload '
                . "(PHP's default) only preloaded code may use FFI outside the CLI. Add to its php.ini: opcache.enable=1 and "
                . "opcache.preload={$package}/preload.php; when the master starts as root, also opcache.preload_user=www-data "
                . '(the pool user) and ffi.preload=' . self::fpmHeader() . ", written by {$package}/bin/userhash-ffi-header "
                . "({$package}/fpm/userhash.ini has these lines)");
        }
        $library = self::libraryPath();
        try {
            return \FFI::cdef((string) file_get_contents(self::HEADER), $library);
        } catch (\FFI\Exception $e) {
            throw self::notUserhash($library, $e);
        }
    }

    /** ffi.enable as PHP reads it ("preload", or else a boolean); a RuntimeException with the ini line when FFI is missing or off. */
    private static function requireFfi(): string
    {
        extension_loaded('ffi') || throw new \RuntimeException("userhash: PHP's FFI extension is not loaded: add extension=ffi "
            . "to php.ini (it ships with PHP >= 7.4; Debian's and Ubuntu's php-common enable it, other builds need --with-ffi)");
        $value = strtolower((string) ini_get('ffi.enable'));
        if ($value === 'preload') {
            return 'preload';
        }
        if (in_array($value, ['on', 'true', 'yes'], true) || (int) $value !== 0) {
            return 'on';
        }
        $ini = php_ini_loaded_file();
        throw new \RuntimeException('userhash: FFI is disabled by the ffi.enable setting: set ffi.enable=preload in php.ini'
            . ($ini === false ? '' : " ({$ini})") . ", PHP's default, which allows FFI in the CLI and to preloaded code "
            . '(under PHP-FPM, see fpm/userhash.ini)');
    }

    /** Where fpm/userhash.ini expects bin/userhash-ffi-header's output. */
    private static function fpmHeader(): string
    {
        return dirname(__DIR__) . '/fpm/userhash-ffi.h';
    }

    private static function notUserhash(string $library, \FFI\Exception $e): \RuntimeException
    {
        return new \RuntimeException("userhash: {$library} is not a userhash library this package can use ({$e->getMessage()}): "
            . 'it must be the libuserhash.so of the same release, built for this platform', 0, $e);
    }
}
