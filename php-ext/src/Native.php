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

    /** `USERHASH_LIB` when set, else the package's copy; a RuntimeException naming both when neither is. */
    public static function libraryPath(): string
    {
        $fromEnv = getenv('USERHASH_LIB');
        if (is_string($fromEnv) && $fromEnv !== '') {
            return is_file($fromEnv) ? $fromEnv
                : throw new \RuntimeException("userhash: USERHASH_LIB is set to {$fromEnv}, which is not a file");
        }
        $file = match (PHP_OS_FAMILY) { 'Darwin' => 'libuserhash.dylib', 'Windows' => 'userhash.dll', default => 'libuserhash.so' };
        $bundled = dirname(__DIR__) . "/lib/{$file}";
        return is_file($bundled) ? $bundled : throw new \RuntimeException('userhash: the native library was not found: the '
            . "environment variable USERHASH_LIB is not set and {$bundled} does not exist. Build it with `cargo build --release "
            . "-p userhash-c` and set USERHASH_LIB to target/release/{$file}, or copy it to that path.");
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

    private static function load(): \FFI
    {
        try {
            return \FFI::scope(self::SCOPE); // registered by preload.php or ffi.preload
        } catch (\FFI\Exception) {
            // Not preloaded: load it now, which ffi.enable=preload allows only in the CLI.
        }
        $library = self::libraryPath();
        try {
            return \FFI::cdef((string) file_get_contents(self::HEADER), $library);
        } catch (\FFI\Exception $e) {
            $hint = 'Outside the CLI, ffi.enable=preload only allows preloaded libraries: set ffi.preload to the output of '
                . 'bin/userhash-ffi-header, or add preload.php to opcache.preload (see the README).';
            throw new \RuntimeException("userhash: cannot load {$library} with FFI ({$e->getMessage()}). {$hint}", 0, $e);
        }
    }
}
