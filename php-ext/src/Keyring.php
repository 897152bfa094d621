<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Secrets under key ids, for rotation without downtime (docs/spec.md, section 3). The
 * primary key (the first) signs and is always valid; every other key only verifies, within
 * its window [notBefore, notAfter) in Unix seconds. Verification tries every key valid at
 * the time and names the one that matched. The secrets are not kept in PHP. A `$userId` is
 * a string or an int, as for Signer; a `$now` of null is the current time.
 */
final class Keyring
{
    use OwnsHandle;

    /** A run of valid UTF-8 (group 1), or one invalid sequence at its longest. */
    private const UTF8_PIECE = '/((?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]'
        . '|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}'
        . '|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2})++)|\xE0[\xA0-\xBF]'
        . '|[\xE1-\xEC\xEE\xEF][\x80-\xBF]|\xED[\x80-\x9F]|\xF0[\x90-\xBF][\x80-\xBF]?'
        . '|[\xF1-\xF3][\x80-\xBF]{1,2}|\xF4[\x80-\x8F][\x80-\xBF]?|[\x80-\xFF]/';

    private readonly \FFI $ffi;
    /** `userhash_keyring *`; null once __destruct released it. */
    private ?\FFI\CData $handle = null;
    /** Reused by every call: hash and token outputs, the result, `int64_t[2]` times. */
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $token;
    private readonly \FFI\CData $result;
    private readonly \FFI\CData $times;
    private ?\Closure $hook = null;
    /** How many calls of the hook are running: add() refuses keys meanwhile. */
    private int $hooksRunning = 0;

    /**
     * A keyring whose primary key `$primaryId` is a text secret (the rules of `new Signer`).
     *
     * @throws UserhashException empty_key_id, text_not_utf8, and the secret's errors
     */
    public function __construct(string $primaryId, #[\SensitiveParameter] string $secret)
    {
        $this->open('userhash_keyring_new', $primaryId, \strlen($primaryId), $secret, \strlen($secret));
    }

    /**
     * A keyring whose primary key is raw key bytes, used as `hash_hmac` uses `$key`.
     *
     * @throws UserhashException empty_key_id, empty_secret
     */
    public static function fromBytes(string $primaryId, #[\SensitiveParameter] string $key): self
    {
        $keyring = self::uninitialized();
        $keyring->open('userhash_keyring_new_bytes', $primaryId, \strlen($primaryId), $key, \strlen($key));
        return $keyring;
    }

    /**
     * `USERHASH_SECRET` as key `current`, and `USERHASH_PREVIOUS_SECRET` (if set) as key
     * `previous` until `USERHASH_PREVIOUS_SECRET_NOT_AFTER`: read with getenv() (which sees
     * PHP-FPM `env[...]`), checked by the C library.
     *
     * @throws UserhashException missing_env, invalid_timestamp, timestamp_in_milliseconds, the secrets' errors
     */
    public static function fromEnv(): self
    {
        $values = [];
        foreach (['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER'] as $name) {
            $value = getenv($name);
            array_push($values, \is_string($value) ? $value : null, \is_string($value) ? \strlen($value) : 0);
        }
        $keyring = self::uninitialized();
        $keyring->open('userhash_keyring_from_values', ...$values);
        return $keyring;
    }

    /**
     * Adds a text secret that verifies but never signs, from `$notBefore` (inclusive) to
     * `$notAfter` (exclusive), Unix seconds; null is open.
     *
     * @throws UserhashException duplicate_key_id, empty_key_id, invalid_key_window, invalid_timestamp,
     *     timestamp_in_milliseconds, the secret's errors
     * @throws \LogicException from this keyring's failure hook
     */
    public function add(string $id, #[\SensitiveParameter] string $secret, ?int $notBefore = null, ?int $notAfter = null): self
    {
        return $this->addKey('userhash_keyring_add', $id, $secret, $notBefore, $notAfter);
    }

    /**
     * `add()` with raw key bytes.
     *
     * @throws UserhashException duplicate_key_id, empty_key_id, invalid_key_window, empty_secret
     * @throws \LogicException from this keyring's failure hook
     */
    public function addBytes(string $id, #[\SensitiveParameter] string $key, ?int $notBefore = null, ?int $notAfter = null): self
    {
        return $this->addKey('userhash_keyring_add_bytes', $id, $key, $notBefore, $notAfter);
    }

    /**
     * Calls `$hook(FailureEvent $event)` with every failed verify, verifyDetailed, verifyToken
     * and explain, before that call returns (and throws what the hook throws); null removes
     * it. The hook may verify, or destroy this keyring, but not add keys.
     *
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
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id
     */
    public function sign(mixed $userId): string
    {
        [$handle, $userId] = $this->prepare($userId, __METHOD__);
        Native::check($this->ffi->userhash_keyring_sign($handle, $userId, \strlen($userId), $this->hash, Native::HASH_BUF_LEN));
        return \FFI::string($this->hash, Native::HASH_LEN);
    }

    /**
     * Whether verifyDetailed() is verified: a blank or null hash never is.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id
     */
    public function verify(mixed $userId, ?string $hash, ?int $now = null): bool
    {
        return $this->verifyDetailed($userId, $hash, $now)->isVerified();
    }

    /**
     * Checks a widget hash under every key valid at `$now`: verified (with the key id),
     * missing (null or empty), malformed (with the reason), mismatch, or expired.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id (only a bad user id throws)
     */
    public function verifyDetailed(mixed $userId, ?string $hash, ?int $now = null): Verification
    {
        return $this->verifyWith('userhash_keyring_verify_detailed', $userId, $hash, __METHOD__, $this->time(0, $now));
    }

    /**
     * A `v1` token (docs/spec.md, section 2) signed by the primary key, expiring in `$ttlSeconds`.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id, invalid_timestamp (negative), timestamp_in_milliseconds
     */
    public function issueToken(mixed $userId, int $ttlSeconds): string
    {
        return $this->issue('userhash_keyring_issue_token', $userId, $ttlSeconds, __METHOD__);
    }

    /**
     * A `v1` token for `$userId` that verifies up to Unix second `$expiresAt - 1`.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id, invalid_timestamp (negative), timestamp_in_milliseconds
     */
    public function issueTokenAt(mixed $userId, int $expiresAt): string
    {
        return $this->issue('userhash_keyring_issue_token_at', $userId, $expiresAt, __METHOD__);
    }

    /**
     * Checks a `v1` token at `$now`: expired from `expires_at + $leeway` on (once its MAC is
     * right), missing when null or empty, malformed with the reason.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id, invalid_timestamp (negative leeway)
     */
    public function verifyToken(mixed $userId, ?string $token, int $leeway = 0, ?int $now = null): Verification
    {
        return $this->verifyWith('userhash_keyring_verify_token', $userId, $token, __METHOD__, $this->time(0, $now), $leeway);
    }

    /**
     * Why `$hash` does or does not verify at `$now` (the README's "Debugging a mismatch"); one
     * that does not goes to the failure hook. Server-side only: never expose it unauthenticated.
     *
     * @param string|int $userId
     * @throws UserhashException empty_user_id
     */
    public function explain(mixed $userId, ?string $hash, ?string $email = null, ?int $now = null): Finding
    {
        [$handle, $userId] = $this->prepare($userId, __METHOD__);
        $hash ??= '';
        $json = Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_explain(
            $handle, $userId, \strlen($userId), $hash, \strlen($hash), $email, \strlen($email ?? ''), $this->time(0, $now), $out,
        ));
        ['code' => $code, 'message' => $message, 'event' => $event] = json_decode($json, true, flags: JSON_THROW_ON_ERROR);
        if ($event !== null) {
            $this->report($event, $userId);
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

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['keyIds' => $this->handle !== null ? $this->keyIds() : [], 'secrets' => '<redacted>'];
    }

    /** Creates the handle with `$function(...$arguments, &handle)`, and the reused buffers. */
    private function open(string $function, #[\SensitiveParameter] mixed ...$arguments): void
    {
        $this->ffi = Native::ffi();
        $handle = $this->ffi->new('userhash_keyring *');
        $arguments[] = \FFI::addr($handle);
        Native::check($this->ffi->$function(...$arguments));
        $this->handle = $handle;
        $this->hash = $this->ffi->new('char[' . Native::HASH_BUF_LEN . ']');
        $this->token = $this->ffi->new('char[' . Native::TOKEN_BUF_LEN . ']');
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

    /** A token from `$function(keyring, id, len, $seconds, buffer, size)`. */
    private function issue(string $function, mixed $userId, int $seconds, string $method): string
    {
        [$handle, $userId] = $this->prepare($userId, $method);
        Native::check($this->ffi->$function($handle, $userId, \strlen($userId), $seconds, $this->token, Native::TOKEN_BUF_LEN));
        return \FFI::string($this->token);
    }

    /** The id of key `$index`: the keyring's borrowed view, copied. */
    private function keyId(\FFI\CData $handle, int $index): string
    {
        $id = $this->ffi->new('const char *');
        $length = $this->ffi->new('size_t');
        Native::check($this->ffi->userhash_keyring_key_id($handle, $index, \FFI::addr($id), \FFI::addr($length)));
        return \FFI::string($id, $length->cdata);
    }

    /**
     * Verifies with `$function(keyring, id, len, presented, len, ...$options, &result)`; the
     * result is all read before a failure goes to the hook (which may verify, or destroy this).
     */
    private function verifyWith(string $function, mixed $userId, ?string $presented, string $method, mixed ...$options): Verification
    {
        [$handle, $userId] = $this->prepare($userId, $method);
        $presented ??= '';
        $result = $this->result;
        $arguments = [$handle, $userId, \strlen($userId), $presented, \strlen($presented), ...$options, \FFI::addr($result)];
        Native::check($this->ffi->$function(...$arguments));
        $verification = new Verification(
            Contract::OUTCOMES[$result->outcome],
            $result->key_index >= 0 ? $this->keyId($handle, $result->key_index) : null,
            $result->reason === 0 ? null : Contract::ERRORS[$result->reason][0],
        );
        if (!$verification->isVerified()) {
            $this->report([
                'outcome' => $verification->outcome,
                'reason' => $verification->reason,
                'key_id' => $verification->keyId,
                'hash_prefix' => \FFI::string($result->hash_prefix, $result->hash_prefix_len),
            ], $userId);
        }
        return $verification;
    }

    /** @param array{outcome: string, reason: ?string, key_id: ?string, hash_prefix: string} $event as explain's JSON has it */
    private function report(array $event, string $userId): void
    {
        $hook = $this->hook;
        if ($hook === null) {
            return;
        }
        $this->hooksRunning++;
        try {
            $hook(new FailureEvent($event['outcome'], $event['reason'], $event['key_id'], self::text($userId), $event['hash_prefix']));
        } finally {
            $this->hooksRunning--;
        }
    }

    /** @return array{\FFI\CData, string} the live handle (or ClosedError) and the id's bytes */
    private function prepare(mixed $userId, string $method): array
    {
        return [$this->handle(), Native::userId($userId, $method)];
    }

    /** The live handle; ClosedError once __destruct was called. */
    private function handle(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedError(self::class);
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

    /** `$bytes` with each invalid UTF-8 sequence as U+FFFD, as Rust's `from_utf8_lossy` (the core's events). */
    private static function text(string $bytes): string
    {
        if (preg_match('//u', $bytes) === 1) {
            return $bytes;
        }
        return (string) preg_replace_callback(self::UTF8_PIECE, static fn (array $m): string => $m[1] ?? "\u{FFFD}", $bytes);
    }
}
