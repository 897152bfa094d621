<?php

declare(strict_types=1);

namespace Userhash;

/** Signs and verifies with one secret, whose HMAC state is computed once: reuse it. A `$userId` is a string or an int. */
final class Signer
{
    use OwnsHandle;

    private readonly \FFI $ffi;
    /** `userhash_signer *`; null once released, which the C functions refuse. */
    private ?\FFI\CData $handle = null;
    /** The hot paths' C functions as pointers (no by-name lookup of `$ffi->name()`) and output buffers. */
    private readonly \FFI\CData $signFn;
    private readonly \FFI\CData $verifyFn;
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $valid;

    /** From a text secret: empty_secret, secret_whitespace (never trimmed), secret_not_utf8. */
    public function __construct(#[\SensitiveParameter] string $secret)
    {
        $this->open('userhash_signer_new', $secret, \strlen($secret));
    }

    /** From raw key bytes, used as `hash_hmac` uses `$key`: only empty is refused. */
    public static function fromBytes(#[\SensitiveParameter] string $key): self
    {
        return self::opened('userhash_signer_new_bytes', $key, \strlen($key));
    }

    /** The text secret in environment variable `$name`, read with getenv(): missing_env when unset. */
    public static function fromEnv(string $name = 'USERHASH_SECRET'): self
    {
        return self::opened('userhash_signer_from_env_value', $name, \strlen($name), ...Native::env($name));
    }

    /**
     * The hash of `$userId`: 64 lowercase hex characters.
     * @param string|int $userId
     */
    public function sign(mixed $userId): string
    {
        if (!\is_string($userId)) {
            $userId = Native::userId($userId, __METHOD__);
        }
        $result = ($this->signFn)($this->handle, $userId, \strlen($userId), $this->hash, Native::HASH_BUF_LEN);
        $result === 0 || throw $this->failure($result);
        return \FFI::string($this->hash, Native::HASH_LEN);
    }

    /**
     * Whether `$hash` (hex, either case) is the hash of `$userId`, in constant time: wrong, malformed or missing is false.
     * @param string|int $userId
     */
    public function verify(mixed $userId, ?string $hash): bool
    {
        if (!\is_string($userId)) {
            $userId = Native::userId($userId, __METHOD__);
        }
        $hash ??= '';
        $result = ($this->verifyFn)($this->handle, $userId, \strlen($userId), $hash, \strlen($hash), \FFI::addr($this->valid));
        $result === 0 || throw $this->failure($result);
        return $this->valid->cdata;
    }

    /**
     * The hashes of every id, in order, in one call to the C library; fails on the first invalid id.
     * @param iterable<string|int> $userIds
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
        $result = $this->ffi->userhash_signer_sign_many($this->handle, \implode('', $ids), $lengths, $count, $hashes, $size);
        $result === 0 || throw $this->failure($result);
        return \str_split(\FFI::string($hashes, $size - 1), Native::HASH_LEN);
    }

    /** @internal The `userhash_signer *`, for Widget. */
    public function nativeHandle(): \FFI\CData
    {
        return $this->handle();
    }

    /** Releases the handle, the first time only (by hand too); later calls throw ClosedError. */
    public function __destruct()
    {
        if ($this->handle !== null) {
            $this->ffi->userhash_signer_free($this->handle);
            $this->handle = null;
        }
    }

    /** What var_dump() and print_r() show: never the secret. */
    public function __debugInfo(): array
    {
        return ['secret' => '<redacted>'];
    }

    /** The hot paths hand a released (null) handle to the C library, which refuses it: that is a ClosedError. */
    private function failure(int $result): \Throwable
    {
        return $this->handle === null ? new ClosedError(self::class) : Native::error($result);
    }

    private function open(string $constructor, #[\SensitiveParameter] mixed ...$arguments): void
    {
        $this->ffi = Native::ffi();
        $this->handle = Native::create('userhash_signer', $constructor, ...$arguments);
        $this->signFn = $this->ffi->userhash_signer_sign;
        $this->verifyFn = $this->ffi->userhash_signer_verify;
        $this->hash = $this->ffi->new('char[' . Native::HASH_BUF_LEN . ']');
        $this->valid = $this->ffi->new('bool');
    }
}
