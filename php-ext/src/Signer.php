<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Signs and verifies user ids with one secret. The HMAC keyed state is computed once, in
 * the constructor, by the C library; create one Signer per secret and reuse it.
 *
 * The secret is not kept in PHP: var_dump, print_r and exception traces never show it.
 */
final class Signer
{
    private readonly \FFI $ffi;
    /** `userhash_signer *`, released in __destruct; null once released. */
    private ?\FFI\CData $handle;
    /**
     * The C functions as function-pointer CData: calling these skips the by-name lookup
     * that `$ffi->name(...)` does on every call (about a third of the FFI overhead).
     */
    private readonly \FFI\CData $signFn;
    private readonly \FFI\CData $verifyFn;
    private readonly \FFI\CData $signManyFn;
    /** Output buffers, reused by every call. */
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $valid;

    /**
     * From a text secret, the form widget vendors hand out. Leading or trailing whitespace
     * (a newline copied from a secret file) is refused, never trimmed; use fromBytes() for a
     * binary key.
     *
     * @throws UserhashException empty_secret, secret_whitespace, secret_not_utf8
     */
    public function __construct(#[\SensitiveParameter] string $secret)
    {
        $this->init('userhash_signer_new', $secret);
    }

    /**
     * From raw key bytes, used exactly as `hash_hmac` uses its `$key`; only empty is refused.
     *
     * @throws UserhashException empty_secret
     */
    public static function fromBytes(#[\SensitiveParameter] string $key): self
    {
        $signer = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $signer->init('userhash_signer_new_bytes', $key);
        return $signer;
    }

    /**
     * From the text secret in environment variable `$name`, read with getenv() (which also
     * sees PHP-FPM pool `env[...]` and FastCGI parameters).
     *
     * @throws UserhashException missing_env, and the errors of the constructor
     */
    public static function fromEnv(string $name = 'USERHASH_SECRET'): self
    {
        $secret = getenv($name);
        if (!is_string($secret)) {
            // The C ABI has no entry point that names a variable of the caller's choosing.
            throw Native::error(Native::ffi()->USERHASH_RESULT_MISSING_ENV, "environment variable {$name} is not set");
        }
        return new self($secret);
    }

    /**
     * The hash of `$userId`: 64 lowercase hex characters. A string is hashed as its exact
     * bytes, an int as its canonical decimal text (42 and "42" give the same hash).
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id
     */
    public function sign(mixed $userId): string
    {
        if (!\is_string($userId)) {
            $userId = Native::userId($userId, __METHOD__);
        }
        $result = ($this->signFn)($this->handle, $userId, \strlen($userId), $this->hash, Native::HASH_BUF_LEN);
        if ($result !== 0) {
            throw $this->failure($result);
        }
        return \FFI::string($this->hash, Native::HASH_LEN);
    }

    /**
     * Whether `$hash` (hex, either case) is the hash of `$userId`, compared in constant time.
     * A wrong, truncated, malformed or missing (null or empty) hash is `false`; only a bad
     * user id throws.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id
     */
    public function verify(mixed $userId, ?string $hash): bool
    {
        if (!\is_string($userId)) {
            $userId = Native::userId($userId, __METHOD__);
        }
        $hash ??= '';
        $result = ($this->verifyFn)(
            $this->handle,
            $userId,
            \strlen($userId),
            $hash,
            \strlen($hash),
            \FFI::addr($this->valid),
        );
        if ($result !== 0) {
            throw $this->failure($result);
        }
        return $this->valid->cdata;
    }

    /**
     * The hashes of every id, in order, computed in one call to the C library. Fails on the
     * first invalid id.
     *
     * @param iterable<string|int> $userIds
     * @return list<string>
     * @throws UserhashException empty_user_id
     */
    public function signMany(iterable $userIds): array
    {
        $ids = [];
        foreach ($userIds as $userId) {
            $ids[] = \is_string($userId) ? $userId : Native::userId($userId, __METHOD__);
        }
        $count = \count($ids);
        if ($count === 0) {
            return [];
        }
        $lengths = $this->ffi->new("size_t[{$count}]");
        foreach ($ids as $i => $userId) {
            $lengths[$i] = \strlen($userId);
        }
        $size = $count * Native::HASH_LEN + 1;
        $hashes = $this->ffi->new("char[{$size}]");
        $result = ($this->signManyFn)($this->handle, \implode('', $ids), $lengths, $count, $hashes, $size);
        if ($result !== 0) {
            throw $this->failure($result);
        }
        return \str_split(\FFI::string($hashes, $size - 1), Native::HASH_LEN);
    }

    /**
     * The `userhash_signer *` for other parts of this package (Widget).
     *
     * @internal
     */
    public function nativeHandle(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedError(self::class);
    }

    /**
     * Releases the handle. The engine calls this once, but code may call it too: the handle
     * is released only the first time, and later calls throw ClosedError.
     */
    public function __destruct()
    {
        // Not set when the constructor threw before the handle existed.
        if (isset($this->handle)) {
            $this->ffi->userhash_signer_free($this->handle);
            $this->handle = null;
        }
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['secret' => '<redacted>'];
    }

    /**
     * Two objects would free one handle twice: share the Signer instead. Private, so that
     * `clone` fails before a copy exists (a copy whose __clone threw is still destructed).
     */
    private function __clone()
    {
    }

    /** The handle lives in this process only; serializing it would leak or dangle. */
    public function __serialize(): array
    {
        throw new \LogicException('a Userhash\Signer cannot be serialized; build it from the secret');
    }

    /**
     * The exception for a result that is not OK. A released handle is passed to C as NULL,
     * which it refuses with null_parameter before reading anything: that is ClosedError, so
     * that the calls above need no check of their own.
     */
    private function failure(int $result): \Throwable
    {
        return $this->handle === null ? new ClosedError(self::class) : Native::error($result);
    }

    /** Builds the handle with `$constructor` and the reusable output buffers. */
    private function init(string $constructor, #[\SensitiveParameter] string $secret): void
    {
        $this->ffi = Native::ffi();
        $handle = $this->ffi->new('userhash_signer *');
        Native::check($this->ffi->$constructor($secret, \strlen($secret), \FFI::addr($handle)));
        $this->handle = $handle;
        $this->signFn = $this->ffi->userhash_signer_sign;
        $this->verifyFn = $this->ffi->userhash_signer_verify;
        $this->signManyFn = $this->ffi->userhash_signer_sign_many;
        $this->hash = $this->ffi->new('char[' . Native::HASH_BUF_LEN . ']');
        $this->valid = $this->ffi->new('bool');
    }
}
