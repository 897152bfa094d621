<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Signs and verifies user ids with one secret, whose HMAC state the C library computes once:
 * build one Signer per secret and reuse it. The secret is not kept in PHP (no dump or trace
 * shows it). A `$userId` is a string (its bytes) or an int (its decimal text); anything else
 * is a UserIdTypeError.
 */
final class Signer
{
    use OwnsHandle;

    private readonly \FFI $ffi;
    /** `userhash_signer *`; null once released, which the C functions refuse. */
    private ?\FFI\CData $handle = null;
    /** The C functions as pointers, which skips the by-name lookup of `$ffi->name()`. */
    private readonly \FFI\CData $signFn;
    private readonly \FFI\CData $verifyFn;
    private readonly \FFI\CData $signManyFn;
    /** Output buffers, reused by every call. */
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $valid;

    /**
     * From a text secret: leading or trailing whitespace is refused, never trimmed.
     *
     * @throws UserhashException empty_secret, secret_whitespace, secret_not_utf8
     */
    public function __construct(#[\SensitiveParameter] string $secret)
    {
        $this->init('userhash_signer_new', $secret, \strlen($secret));
    }

    /**
     * From raw key bytes, used as `hash_hmac` uses `$key`; only empty is refused.
     *
     * @throws UserhashException empty_secret
     */
    public static function fromBytes(#[\SensitiveParameter] string $key): self
    {
        $signer = self::uninitialized();
        $signer->init('userhash_signer_new_bytes', $key, \strlen($key));
        return $signer;
    }

    /**
     * From the text secret in the environment variable `$name`, read with getenv() (which
     * sees PHP-FPM `env[...]`) and checked by the C library, whose message names `$name`.
     *
     * @throws UserhashException missing_env, and the constructor's errors
     */
    public static function fromEnv(string $name = 'USERHASH_SECRET'): self
    {
        $secret = getenv($name);
        $signer = self::uninitialized();
        $signer->init('userhash_signer_from_env_value', $name, \strlen($name), $secret === false ? null : $secret, \strlen((string) $secret));
        return $signer;
    }

    /**
     * The hash of `$userId`: 64 lowercase hex characters.
     *
     * @param string|int $userId
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
     * Whether `$hash` (hex, either case) is the hash of `$userId`, in constant time. A
     * wrong, malformed or missing (null or empty) hash is false.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id
     */
    public function verify(mixed $userId, ?string $hash): bool
    {
        if (!\is_string($userId)) {
            $userId = Native::userId($userId, __METHOD__);
        }
        $hash ??= '';
        $result = ($this->verifyFn)($this->handle, $userId, \strlen($userId), $hash, \strlen($hash), \FFI::addr($this->valid));
        if ($result !== 0) {
            throw $this->failure($result);
        }
        return $this->valid->cdata;
    }

    /**
     * The hashes of every id, in order, in one call to the C library; fails on the first invalid id.
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
     * The `userhash_signer *`, for Widget.
     *
     * @internal
     */
    public function nativeHandle(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedError(self::class);
    }

    /** Releases the handle, the first time only (also when called by hand); later calls throw ClosedError. */
    public function __destruct()
    {
        if ($this->handle !== null) {
            $this->ffi->userhash_signer_free($this->handle);
            $this->handle = null;
        }
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['secret' => '<redacted>'];
    }

    /** The exception for a result that is not OK: ClosedError for a released handle. */
    private function failure(int $result): \Throwable
    {
        return $this->handle === null ? new ClosedError(self::class) : Native::error($result);
    }

    /** Builds the handle with `$constructor(...$arguments, &handle)`, the function pointers and the buffers. */
    private function init(string $constructor, #[\SensitiveParameter] mixed ...$arguments): void
    {
        $this->ffi = Native::ffi();
        $handle = $this->ffi->new('userhash_signer *');
        $arguments[] = \FFI::addr($handle);
        Native::check($this->ffi->$constructor(...$arguments));
        $this->handle = $handle;
        $this->signFn = $this->ffi->userhash_signer_sign;
        $this->verifyFn = $this->ffi->userhash_signer_verify;
        $this->signManyFn = $this->ffi->userhash_signer_sign_many;
        $this->hash = $this->ffi->new('char[' . Native::HASH_BUF_LEN . ']');
        $this->valid = $this->ffi->new('bool');
    }
}
