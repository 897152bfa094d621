<?php

declare(strict_types=1);

namespace Userhash;

/** Secrets under key ids, for rotation (docs/spec.md, section 3): the first signs. A null `$now` is the current time. */
final class Keyring
{
    use OwnsHandle;
    use KeyringVendors;

    /** A run of valid UTF-8 (group 1), or one invalid sequence at its longest. */
    private const UTF8_PIECE = '/((?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}'
        . '|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2})++)'
        . '|\xE0[\xA0-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]|\xED[\x80-\x9F]|\xF0[\x90-\xBF][\x80-\xBF]?|[\xF1-\xF3][\x80-\xBF]{1,2}'
        . '|\xF4[\x80-\x8F][\x80-\xBF]?|[\x80-\xFF]/';

    private readonly \FFI $ffi;
    /** `userhash_keyring *`; null once __destruct released it. */
    private ?\FFI\CData $handle = null;
    /** Reused by every call: the hash or token output, the result, `int64_t[2]` times. */
    private readonly \FFI\CData $out;
    private readonly \FFI\CData $result;
    private readonly \FFI\CData $times;
    private ?\Closure $hook = null;
    /** How many calls of the hook are running: add() refuses keys meanwhile. */
    private int $hooksRunning = 0;

    /** The primary key `$primaryId` from a text secret (the rules of `new Signer`); empty_key_id, text_not_utf8. */
    public function __construct(string $primaryId, #[\SensitiveParameter] string $secret)
    {
        $this->open('userhash_keyring_new', $primaryId, \strlen($primaryId), $secret, \strlen($secret));
    }

    /** The primary key from raw key bytes, used as `hash_hmac` uses `$key`. */
    public static function fromBytes(string $primaryId, #[\SensitiveParameter] string $key): self
    {
        return self::opened('userhash_keyring_new_bytes', $primaryId, \strlen($primaryId), $key, \strlen($key));
    }

    /** `USERHASH_SECRET` as key `current`, `USERHASH_PREVIOUS_SECRET` as `previous` (README), read with getenv(). */
    public static function fromEnv(): self
    {
        $values = array_map(static fn (string $name): ?string => Native::env($name)[0], ['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER']);
        return self::fromValues(...$values);
    }

    /** fromEnv() from those three variables' values as a framework's configuration read them (null: not set). */
    public static function fromValues(#[\SensitiveParameter] ?string $secret, #[\SensitiveParameter] ?string $previousSecret = null, ?string $previousNotAfter = null): self
    {
        $withLength = static fn (?string $value): array => [$value, \strlen($value ?? '')];
        return self::opened('userhash_keyring_from_values', ...$withLength($secret), ...$withLength($previousSecret), ...$withLength($previousNotAfter));
    }

    /** Adds a verify-only text secret, valid in [`$notBefore`, `$notAfter`) (null: open); LogicException from the hook. */
    public function add(string $id, #[\SensitiveParameter] string $secret, ?int $notBefore = null, ?int $notAfter = null): self
    {
        return $this->addKey('userhash_keyring_add', $id, $secret, $notBefore, $notAfter);
    }

    /** add() with raw key bytes. */
    public function addBytes(string $id, #[\SensitiveParameter] string $key, ?int $notBefore = null, ?int $notAfter = null): self
    {
        return $this->addKey('userhash_keyring_add_bytes', $id, $key, $notBefore, $notAfter);
    }

    /**
     * Calls `$hook` with every failed verify, verifyDetailed, verifyToken and explain, before that call returns; null removes it.
     * @param ?callable(FailureEvent): void $hook
     */
    public function onFailure(?callable $hook): self
    {
        $this->handle();
        $this->hook = $hook === null ? null : \Closure::fromCallable($hook);
        return $this;
    }

    /** The id of the signing key. */
    public function primaryId(): string
    {
        return $this->keyId($this->handle(), 0);
    }

    /** @return list<string> every key id, primary first, then in the order added */
    public function keyIds(): array
    {
        $handle = $this->handle();
        $count = $this->ffi->new('size_t');
        Native::check($this->ffi->userhash_keyring_key_count($handle, \FFI::addr($count)));
        return array_map(fn (int $index): string => $this->keyId($handle, $index), range(0, $count->cdata - 1));
    }

    /**
     * The widget hash of `$userId` under the primary key.
     * @param string|int $userId
     */
    public function sign(mixed $userId): string
    {
        return $this->written('userhash_keyring_sign', $userId, __METHOD__);
    }

    /**
     * Whether verifyDetailed() is verified.
     * @param string|int $userId
     */
    public function verify(mixed $userId, ?string $hash, ?int $now = null): bool
    {
        return $this->verifyDetailed($userId, $hash, $now)->isVerified();
    }

    /**
     * A widget hash checked under every key valid at `$now`: only a bad user id throws.
     * @param string|int $userId
     */
    public function verifyDetailed(mixed $userId, ?string $hash, ?int $now = null): Verification
    {
        return $this->verifyWith('userhash_keyring_verify_detailed', $userId, $hash, __METHOD__, $this->time(0, $now));
    }

    /**
     * A `v1` token (docs/spec.md, section 2) under the primary key, expiring in `$ttlSeconds` (not negative).
     * @param string|int $userId
     */
    public function issueToken(mixed $userId, int $ttlSeconds): string
    {
        return $this->written('userhash_keyring_issue_token', $userId, __METHOD__, $ttlSeconds);
    }

    /**
     * A `v1` token that verifies up to Unix second `$expiresAt - 1`.
     * @param string|int $userId
     */
    public function issueTokenAt(mixed $userId, int $expiresAt): string
    {
        return $this->written('userhash_keyring_issue_token_at', $userId, __METHOD__, $expiresAt);
    }

    /**
     * A `v1` token checked at `$now`: expired from `expires_at + $leeway` (not negative) on.
     * @param string|int $userId
     */
    public function verifyToken(mixed $userId, ?string $token, int $leeway = 0, ?int $now = null): Verification
    {
        return $this->verifyWith('userhash_keyring_verify_token', $userId, $token, __METHOD__, $this->time(0, $now), $leeway);
    }

    /**
     * Why `$hash` does or does not verify at `$now` (one that does not goes to the hook). Server-side only.
     * @param string|int $userId
     */
    public function explain(mixed $userId, ?string $hash, ?string $email = null, ?int $now = null): Finding
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        $hash ??= '';
        $json = Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_explain(
            $handle, $userId, \strlen($userId), $hash, \strlen($hash), $email, \strlen($email ?? ''), $this->time(0, $now), $out,
        ));
        ['code' => $code, 'message' => $message, 'event' => $event] = json_decode($json, true, flags: JSON_THROW_ON_ERROR);
        if ($event !== null) {
            $this->report($userId, new Verification($event['outcome'], $event['key_id'], $event['reason']), $event['hash_prefix']);
        }
        return new Finding($code, $message);
    }

    /** Releases the handle, the first time only (by hand too, even from the hook); later calls throw ClosedError. */
    public function __destruct()
    {
        if ($this->handle !== null) {
            $this->ffi->userhash_keyring_free($this->handle);
            $this->handle = null;
            $this->hook = null; // a hook that holds this keyring would keep both alive in a cycle
        }
    }

    /** What var_dump() and print_r() show: the key ids, never a secret. */
    public function __debugInfo(): array
    {
        return ['keyIds' => $this->handle !== null ? $this->keyIds() : [], 'secrets' => '<redacted>'];
    }

    private function open(string $constructor, #[\SensitiveParameter] mixed ...$arguments): void
    {
        $this->ffi = Native::ffi();
        $this->handle = Native::create('userhash_keyring', $constructor, ...$arguments);
        $this->out = $this->ffi->new('char[' . Native::TOKEN_BUF_LEN . ']'); // a hash's or a token's
        $this->result = $this->ffi->new('userhash_verification');
        $this->times = $this->ffi->new('int64_t[2]');
    }

    private function addKey(string $function, string $id, #[\SensitiveParameter] string $secret, ?int $notBefore, ?int $notAfter): self
    {
        $handle = $this->handle();
        if ($this->hooksRunning > 0) {
            throw new \LogicException('a key cannot be added to a Userhash\Keyring from its failure hook: add keys before verifying');
        }
        $window = [$this->time(0, $notBefore), $this->time(1, $notAfter)];
        Native::check($this->ffi->$function($handle, $id, \strlen($id), $secret, \strlen($secret), ...$window));
        return $this;
    }

    /** The NUL-terminated text that `$function(keyring, id, len, ...$options, buffer, size)` writes. */
    private function written(string $function, mixed $userId, string $method, mixed ...$options): string
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, $method);
        $arguments = [$handle, $userId, \strlen($userId), ...$options, $this->out, Native::TOKEN_BUF_LEN];
        Native::check($this->ffi->$function(...$arguments));
        return \FFI::string($this->out);
    }

    /** The id of key `$index`: the keyring's borrowed view, copied. */
    private function keyId(\FFI\CData $handle, int $index): string
    {
        $id = $this->ffi->new('const char *');
        $length = $this->ffi->new('size_t');
        Native::check($this->ffi->userhash_keyring_key_id($handle, $index, \FFI::addr($id), \FFI::addr($length)));
        return \FFI::string($id, $length->cdata);
    }

    /** `$function(keyring, id, len, presented, len, ...$options, &result)`, read in full before the hook (which may reenter). */
    private function verifyWith(string $function, mixed $userId, ?string $presented, string $method, mixed ...$options): Verification
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, $method);
        $presented ??= '';
        $arguments = [$handle, $userId, \strlen($userId), $presented, \strlen($presented), ...$options, \FFI::addr($this->result)];
        Native::check($this->ffi->$function(...$arguments));
        $verification = new Verification(
            Contract::OUTCOMES[$this->result->outcome],
            $this->result->key_index >= 0 ? $this->keyId($handle, $this->result->key_index) : null,
            $this->result->reason === 0 ? null : Contract::ERRORS[$this->result->reason][0],
        );
        $this->report($userId, $verification, \FFI::string($this->result->hash_prefix, $this->result->hash_prefix_len));
        return $verification;
    }

    /** Calls the hook for a failure, with the id as the core's events have it: invalid UTF-8 as U+FFFD (`from_utf8_lossy`). */
    private function report(string $userId, Verification $failure, string $hashPrefix): void
    {
        if ($this->hook === null || $failure->isVerified()) {
            return;
        }
        if (preg_match('//u', $userId) !== 1) {
            $userId = (string) preg_replace_callback(self::UTF8_PIECE, static fn (array $m): string => $m[1] ?? "\u{FFFD}", $userId);
        }
        $this->hooksRunning++;
        try {
            ($this->hook)(new FailureEvent($failure->outcome, $failure->reason, $failure->keyId, $userId, $hashPrefix));
        } finally {
            $this->hooksRunning--;
        }
    }

    /** An `int64_t *` to slot `$slot` of $this->times holding `$seconds`, or NULL for null. */
    private function time(int $slot, ?int $seconds): ?\FFI\CData
    {
        if ($seconds === null) {
            return null;
        }
        $this->times[$slot] = $seconds;
        return \FFI::addr($this->times[$slot]);
    }
}
