<?php

declare(strict_types=1);

namespace Userhash;

/**
 * The one place that knows how the C library is reached: loads it once per process, turns
 * its results into exceptions, user ids into bytes and its owned strings into PHP strings.
 *
 * @internal
 */
final class Native
{
    /** The `FFI::scope` name that preload.php registers. */
    public const SCOPE = 'userhash';
    /** Mirrors USERHASH_HASH_BUF_LEN, _INTEGER_ID_BUF_LEN and _TOKEN_BUF_LEN of userhash.h. */
    public const HASH_BUF_LEN = 65;
    public const INTEGER_ID_BUF_LEN = 21;
    public const TOKEN_BUF_LEN = 88;
    public const HASH_LEN = 64;

    private static ?\FFI $ffi = null;
    private static ?\FFI\CData $idBuf = null;
    private static ?\FFI\CData $idLen = null;

    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** The declarations for `FFI::cdef`, generated from the C crate by cbindgen. */
    public static function declarations(): string
    {
        return (string) file_get_contents(__DIR__ . '/userhash.ffi.h');
    }

    /** The declarations with the `FFI_SCOPE` / `FFI_LIB` lines of `FFI::load()` and `ffi.preload`, for libraryPath(). */
    public static function preloadHeader(): string
    {
        $library = addcslashes(self::libraryPath(), "\"\\");
        return sprintf("#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s", self::SCOPE, $library, self::declarations());
    }

    /** The shared library: `USERHASH_LIB` when set, else the package's copy; a RuntimeException naming both when neither is. */
    public static function libraryPath(): string
    {
        $fromEnv = getenv('USERHASH_LIB');
        if (is_string($fromEnv) && $fromEnv !== '') {
            if (!is_file($fromEnv)) {
                throw new \RuntimeException("userhash: USERHASH_LIB is set to {$fromEnv}, which is not a file");
            }
            return $fromEnv;
        }
        $bundled = dirname(__DIR__) . '/lib/' . match (PHP_OS_FAMILY) {
            'Darwin' => 'libuserhash.dylib',
            'Windows' => 'userhash.dll',
            default => 'libuserhash.so',
        };
        if (is_file($bundled)) {
            return $bundled;
        }
        throw new \RuntimeException(
            "userhash: the native library was not found: the environment variable USERHASH_LIB is not set "
            . "and {$bundled} does not exist. Build it with `cargo build --release -p userhash-c` and set "
            . 'USERHASH_LIB to target/release/' . basename($bundled) . ', or copy it to that path.'
        );
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
            return \FFI::cdef(self::declarations(), $library);
        } catch (\FFI\Exception $e) {
            throw new \RuntimeException(
                "userhash: cannot load {$library} with FFI ({$e->getMessage()}). Outside the CLI, "
                . 'ffi.enable=preload only allows preloaded libraries: set ffi.preload to the output of '
                . 'bin/userhash-ffi-header, or add preload.php to opcache.preload (see the README).',
                0,
                $e,
            );
        }
    }

    /**
     * The exception for the `userhash_result` `$result`: code and category from Contract::ERRORS,
     * and the message of the call that just failed (read before any other call) unless given.
     */
    public static function error(int $result, ?string $message = null): UserhashError
    {
        [$code, $category] = Contract::ERRORS[$result];
        $message ??= (string) self::ffi()->userhash_last_error_message();
        return $category === 'user_id_type'
            ? new UserIdTypeError($message, $result)
            : new UserhashException($message, $result, $code);
    }

    /** Throws the exception for `$result` unless it is OK. */
    public static function check(int $result): void
    {
        if ($result !== 0) {
            throw self::error($result);
        }
    }

    /**
     * The bytes hashed for a user id: a string as it is, an int in the core's decimal form.
     * Anything else is a UserIdTypeError whatever strict_types, so `1.0` or `true` never hash as "1".
     */
    public static function userId(mixed $userId, string $function): string
    {
        if (is_string($userId)) {
            return $userId;
        }
        $ffi = self::ffi();
        if (!is_int($userId)) {
            throw self::error(
                $ffi->USERHASH_RESULT_INVALID_USER_ID_TYPE,
                sprintf('%s(): Argument $userId must be of type string|int, %s given', $function, get_debug_type($userId)),
            );
        }
        self::$idBuf ??= $ffi->new('char[' . self::INTEGER_ID_BUF_LEN . ']');
        self::$idLen ??= $ffi->new('size_t');
        self::check($ffi->userhash_integer_id($userId, self::$idBuf, self::INTEGER_ID_BUF_LEN, \FFI::addr(self::$idLen)));
        return \FFI::string(self::$idBuf, self::$idLen->cdata);
    }

    /** @param callable(\FFI\CData): int $call writes a `userhash_string`, whose text this copies and releases */
    public static function ownedString(callable $call): string
    {
        $ffi = self::ffi();
        $string = $ffi->new('userhash_string');
        self::check($call(\FFI::addr($string))); // written only on success
        try {
            return \FFI::string($string->ptr, $string->len);
        } finally {
            $ffi->userhash_string_free(\FFI::addr($string));
        }
    }
}
