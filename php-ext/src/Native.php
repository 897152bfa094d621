<?php

declare(strict_types=1);

namespace Userhash;

/**
 * The one place that talks to the C library: loads it once per process, turns its result
 * codes into exceptions and user ids into bytes.
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
    /** USERHASH_RESULT_BUFFER_TOO_SMALL. */
    private const BUFFER_TOO_SMALL = 101;

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

    /**
     * The declarations with the `#define FFI_SCOPE` / `FFI_LIB` lines that `FFI::load()` and
     * the `ffi.preload` ini setting read, for the library that libraryPath() finds now.
     */
    public static function preloadHeader(): string
    {
        return sprintf(
            "#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s",
            self::SCOPE,
            addcslashes(self::libraryPath(), "\"\\"),
            self::declarations(),
        );
    }

    /**
     * The shared library: `USERHASH_LIB` when set, else the copy inside this package.
     *
     * @throws \RuntimeException naming both places when neither has it
     */
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

    /** The exception for a `userhash_result` that is not OK. */
    public static function error(int $result, ?string $message = null): UserhashException
    {
        $ffi = self::ffi();
        return new UserhashException(
            $message ?? (string) $ffi->userhash_error_message($result),
            $result,
            (string) $ffi->userhash_result_code($result),
        );
    }

    /**
     * The bytes that are hashed for a user id: a string as it is, an int in the core's
     * canonical decimal form. Anything else (float, bool, null, objects) is a TypeError
     * (UserIdTypeError, `invalid_user_id_type`) whatever the caller's strict_types, so that
     * `1.0` or `true` never hash as "1".
     */
    public static function userId(mixed $userId, string $function): string
    {
        if (is_string($userId)) {
            return $userId;
        }
        $ffi = self::ffi();
        if (!is_int($userId)) {
            throw new UserIdTypeError(
                sprintf('%s(): Argument $userId must be of type string|int, %s given', $function, get_debug_type($userId)),
                $ffi->USERHASH_RESULT_INVALID_USER_ID_TYPE,
            );
        }
        self::$idBuf ??= $ffi->new('char[' . self::INTEGER_ID_BUF_LEN . ']');
        self::$idLen ??= $ffi->new('size_t');
        $result = $ffi->userhash_integer_id($userId, self::$idBuf, self::INTEGER_ID_BUF_LEN, \FFI::addr(self::$idLen));
        if ($result !== 0) {
            throw self::error($result);
        }
        return \FFI::string(self::$idBuf, self::$idLen->cdata);
    }

    /**
     * The hash or token to check: null (a field the request did not send) is the empty
     * string, which every verification reports as missing, never as an error.
     */
    public static function presented(?string $hash): string
    {
        return $hash ?? '';
    }

    /**
     * Text of any length from a C function that writes to a caller buffer and reports the
     * length (`snprintf` rule): `$call($buffer, $size, $lengthPointer)` returns the result,
     * and is called again with a larger buffer when the first is too small.
     *
     * @param callable(\FFI\CData, int, \FFI\CData): int $call
     */
    public static function sized(callable $call, int $guess): string
    {
        $ffi = self::ffi();
        $length = $ffi->new('size_t');
        $size = $guess;
        for ($attempt = 0; $attempt < 2; $attempt++) {
            $buffer = $ffi->new("char[{$size}]");
            $result = $call($buffer, $size, \FFI::addr($length));
            if ($result === 0) {
                return \FFI::string($buffer, $length->cdata);
            }
            if ($result !== self::BUFFER_TOO_SMALL) {
                throw self::error($result);
            }
            $size = $length->cdata + 1;
        }
        throw self::error(self::BUFFER_TOO_SMALL);
    }

    /** The stable name of a `userhash_outcome` value, from the C library. */
    public static function outcomeName(int $outcome): string
    {
        return (string) self::ffi()->userhash_outcome_name($outcome);
    }

    /** The stable code of a result that is not OK, or null for OK. */
    public static function reasonCode(int $result): ?string
    {
        return $result === 0 ? null : (string) self::ffi()->userhash_result_code($result);
    }

    /**
     * A `const char *` to a copy of `$text` that lives as long as `$keep` holds it, for the
     * pointer fields of C structs (FFI copies strings only for function arguments).
     *
     * @param list<\FFI\CData> $keep
     */
    public static function cString(string $text, array &$keep): \FFI\CData
    {
        $ffi = self::ffi();
        $length = \strlen($text);
        $buffer = $ffi->new('char[' . max(1, $length) . ']');
        \FFI::memcpy($buffer, $text, $length);
        $keep[] = $buffer;
        return $ffi->cast('const char *', \FFI::addr($buffer[0]));
    }
}
