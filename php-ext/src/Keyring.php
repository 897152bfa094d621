<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Secrets under key ids, for rotation without downtime (docs/spec.md, section 3). The
 * primary key (the first) signs hashes and tokens and is always valid; every other key only
 * verifies, within its window [notBefore, notAfter) in Unix seconds. Verification tries
 * every key valid at the time, without stopping at a match, and names the key that matched.
 *
 * The secrets are not kept in PHP: var_dump, print_r and exception traces never show them.
 */
final class Keyring
{
    /** A run of valid UTF-8 (group 1), or one invalid sequence at its longest: see text(). */
    private const UTF8_PIECE = '/((?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]'
        . '|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}'
        . '|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2})++)|\xE0[\xA0-\xBF]'
        . '|[\xE1-\xEC\xEE\xEF][\x80-\xBF]|\xED[\x80-\x9F]|\xF0[\x90-\xBF][\x80-\xBF]?'
        . '|[\xF1-\xF3][\x80-\xBF]{1,2}|\xF4[\x80-\x8F][\x80-\xBF]?|[\x80-\xFF]/';

    private readonly \FFI $ffi;
    /** `userhash_keyring *`; null once __destruct released it. */
    private ?\FFI\CData $handle = null;
    /** Output buffers, reused by every call. */
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $token;
    private readonly \FFI\CData $result;
    /** `int64_t[2]`: the optional times passed by pointer (now, or not_before and not_after). */
    private readonly \FFI\CData $times;
    /** The onFailure hook, and how many of its calls are running. */
    private ?\Closure $hook = null;
    private int $hooksRunning = 0;

    /**
     * A keyring whose primary key is the text secret `$secret` (the rules of `new Signer`)
     * under the key id `$primaryId`.
     *
     * @throws UserhashException empty_key_id, empty_secret, secret_whitespace, secret_not_utf8, text_not_utf8
     */
    public function __construct(string $primaryId, #[\SensitiveParameter] string $secret)
    {
        $this->open('userhash_keyring_new', $primaryId, \strlen($primaryId), $secret, \strlen($secret));
    }

    /**
     * A keyring whose primary key is raw key bytes, used exactly as `hash_hmac` uses `$key`.
     *
     * @throws UserhashException empty_key_id, empty_secret
     */
    public static function fromBytes(string $primaryId, #[\SensitiveParameter] string $key): self
    {
        $keyring = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $keyring->open('userhash_keyring_new_bytes', $primaryId, \strlen($primaryId), $key, \strlen($key));
        return $keyring;
    }

    /**
     * `USERHASH_SECRET` as primary key `current` and, when `USERHASH_PREVIOUS_SECRET` is set,
     * that secret as key `previous`, valid until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix
     * seconds, required with it): the variables and rules of the core's `Keyring::from_env`.
     * Read with getenv(), which also sees PHP-FPM pool `env[...]` and FastCGI parameters
     * that the C library's environment does not; the C library checks the values.
     *
     * @throws UserhashException missing_env, invalid_timestamp, timestamp_in_milliseconds, and the errors of the secrets
     */
    public static function fromEnv(): self
    {
        $arguments = [];
        foreach (['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER'] as $name) {
            $value = getenv($name);
            array_push($arguments, \is_string($value) ? $value : null, \is_string($value) ? \strlen($value) : 0);
        }
        $keyring = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $keyring->open('userhash_keyring_from_values', ...$arguments);
        return $keyring;
    }

    /**
     * Adds a key that verifies but never signs: the text secret `$secret` under `$id`, valid
     * from `$notBefore` (inclusive) to `$notAfter` (exclusive), Unix seconds; null is open.
     * To rotate, make the new secret primary and add the old one with a `$notAfter`.
     *
     * @throws UserhashException duplicate_key_id, empty_key_id, invalid_key_window, invalid_timestamp
     *     (negative), timestamp_in_milliseconds (10^11 or more), and the secret's errors
     * @throws \LogicException from this keyring's failure hook
     */
    public function add(
        string $id,
        #[\SensitiveParameter] string $secret,
        ?int $notBefore = null,
        ?int $notAfter = null,
    ): self {
        return $this->addKey('userhash_keyring_add', $id, $secret, $notBefore, $notAfter);
    }

    /**
     * `add()` with raw key bytes.
     *
     * @throws UserhashException duplicate_key_id, empty_key_id, invalid_key_window, empty_secret
     * @throws \LogicException from this keyring's failure hook
     */
    public function addBytes(
        string $id,
        #[\SensitiveParameter] string $key,
        ?int $notBefore = null,
        ?int $notAfter = null,
    ): self {
        return $this->addKey('userhash_keyring_add_bytes', $id, $key, $notBefore, $notAfter);
    }

    /**
     * Calls `$hook(FailureEvent $event)` with every failed verifyDetailed / verify /
     * verifyToken / explain from now on; null removes it. The event has the outcome, the
     * reason, the user id and at most 8 characters of the presented hash: never the secret,
     * never the whole hash. The user id and the prefix are the caller's input: escape them
     * before logging. The hook runs once the C library is done, before the verification
     * returns; what it throws comes out of the verification. It may verify, and even
     * destroy this keyring (the verification still returns its result), but not add keys.
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

    /**
     * Every key id, primary first, then in the order added.
     *
     * @return list<string>
     */
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
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id
     */
    public function sign(mixed $userId): string
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        Native::check($this->ffi->userhash_keyring_sign($handle, $userId, \strlen($userId), $this->hash, Native::HASH_BUF_LEN));
        return \FFI::string($this->hash, Native::HASH_LEN);
    }

    /**
     * Whether `$hash` verifies at Unix second `$now` (null: the current time): verifyDetailed()
     * is verified. A blank or null hash is never a pass.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id
     */
    public function verify(mixed $userId, ?string $hash, ?int $now = null): bool
    {
        return $this->verifyDetailed($userId, $hash, $now)->isVerified();
    }

    /**
     * Checks a widget hash at Unix second `$now` (null: the current time) under every key
     * valid then: verified (with the key id), missing (null or empty: never a reason to
     * skip), malformed (with the reason), mismatch, or expired (only a retired key matches).
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id (only a bad user id throws)
     */
    public function verifyDetailed(mixed $userId, ?string $hash, ?int $now = null): Verification
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        $hash ??= '';
        Native::check($this->ffi->userhash_keyring_verify_detailed(
            $handle,
            $userId,
            \strlen($userId),
            $hash,
            \strlen($hash),
            $this->time(0, $now),
            \FFI::addr($this->result),
        ));
        return $this->verification($handle, $userId);
    }

    /**
     * A `v1` token for `$userId` (docs/spec.md, section 2) signed by the primary key,
     * expiring `$ttlSeconds` from now.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id, invalid_timestamp (negative), timestamp_in_milliseconds
     */
    public function issueToken(mixed $userId, int $ttlSeconds): string
    {
        return $this->token('userhash_keyring_issue_token', $userId, $ttlSeconds, __METHOD__);
    }

    /**
     * A `v1` token for `$userId` that verifies up to Unix second `$expiresAt - 1`.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id, invalid_timestamp (negative), timestamp_in_milliseconds
     */
    public function issueTokenAt(mixed $userId, int $expiresAt): string
    {
        return $this->token('userhash_keyring_issue_token_at', $userId, $expiresAt, __METHOD__);
    }

    /**
     * Checks a `v1` token at Unix second `$now` (null: the current time): expired from
     * second `expires_at + $leeway` on, and only once its MAC is right; missing when null or
     * empty; malformed with the reason for anything that is not `v1.EXPIRES_AT.MAC`.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id, invalid_timestamp (negative leeway)
     */
    public function verifyToken(mixed $userId, ?string $token, int $leeway = 0, ?int $now = null): Verification
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        $token ??= '';
        Native::check($this->ffi->userhash_keyring_verify_token(
            $handle,
            $userId,
            \strlen($userId),
            $token,
            \strlen($token),
            $this->time(0, $now),
            $leeway,
            \FFI::addr($this->result),
        ));
        return $this->verification($handle, $userId);
    }

    /**
     * Why `$hash` does or does not verify for `$userId` at `$now` (null: the current time):
     * whitespace or case in the id, a number formatted differently, the email hashed instead
     * of the id (when `$email` is given), a secret with whitespace or meant as hex/base64, an
     * uppercase or truncated hash, another key of this keyring. A hash that does not verify
     * goes to the failure hook, as from verify(). A server-side debugging aid: never expose
     * it to end users unauthenticated.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id
     */
    public function explain(mixed $userId, ?string $hash, ?string $email = null, ?int $now = null): Finding
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        $hash ??= '';
        $json = Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_explain(
            $handle,
            $userId,
            \strlen($userId),
            $hash,
            \strlen($hash),
            $email,
            $email === null ? 0 : \strlen($email),
            $this->time(0, $now),
            $out,
        ));
        $explanation = json_decode($json, true, 4, JSON_THROW_ON_ERROR);
        $event = $explanation['event'];
        if ($event !== null) {
            $this->report(new FailureEvent($event['outcome'], $event['reason'], $event['key_id'], self::text($userId), $event['hash_prefix']));
        }
        return new Finding($explanation['code'], $explanation['message']);
    }

    /**
     * Releases the handle. The engine calls this once, but code may call it too, even from
     * this keyring's failure hook: the handle is released the first time, and every later
     * call throws ClosedError.
     */
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

    /** Two objects would free one handle twice: share the Keyring instead. */
    private function __clone()
    {
    }

    /** The handle lives in this process only; serializing it would leak or dangle. */
    public function __serialize(): array
    {
        throw new \LogicException('a Userhash\Keyring cannot be serialized; build it from the secrets');
    }

    /** Creates the handle with the C constructor `$function(...$arguments, &handle)`, and the buffers. */
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

    private function addKey(
        string $function,
        string $id,
        #[\SensitiveParameter] string $secret,
        ?int $notBefore,
        ?int $notAfter,
    ): self {
        $handle = $this->handle();
        if ($this->hooksRunning > 0) {
            throw new \LogicException(
                'a key cannot be added to a Userhash\Keyring from its failure hook: add keys before verifying',
            );
        }
        Native::check($this->ffi->$function(
            $handle,
            $id,
            \strlen($id),
            $secret,
            \strlen($secret),
            $this->time(0, $notBefore),
            $this->time(1, $notAfter),
        ));
        return $this;
    }

    /** A token from `$function(keyring, id, len, $seconds, buffer, size)`. */
    private function token(string $function, mixed $userId, int $seconds, string $method): string
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, $method);
        Native::check($this->ffi->$function($handle, $userId, \strlen($userId), $seconds, $this->token, Native::TOKEN_BUF_LEN));
        return \FFI::string($this->token);
    }

    /** The id of key `$index`, a view into the keyring copied to PHP. */
    private function keyId(\FFI\CData $handle, int $index): string
    {
        $id = $this->ffi->new('const char *');
        $length = $this->ffi->new('size_t');
        Native::check($this->ffi->userhash_keyring_key_id($handle, $index, \FFI::addr($id), \FFI::addr($length)));
        return \FFI::string($id, $length->cdata);
    }

    /**
     * The Verification in $this->result; a failure goes to the hook, with `$userId`. Both
     * are read before the hook runs, since it may verify again or destroy this keyring.
     */
    private function verification(\FFI\CData $handle, string $userId): Verification
    {
        $result = $this->result;
        $verification = new Verification(
            Contract::OUTCOMES[$result->outcome],
            $result->key_index >= 0 ? $this->keyId($handle, $result->key_index) : null,
            $result->reason === 0 ? null : Contract::ERRORS[$result->reason][0],
        );
        if (!$verification->isVerified()) {
            $prefix = \FFI::string($result->hash_prefix, $result->hash_prefix_len);
            $this->report(new FailureEvent(
                $verification->outcome,
                $verification->reason,
                $verification->keyId,
                self::text($userId),
                $prefix,
            ));
        }
        return $verification;
    }

    /** Calls the hook, if any, with `$event`; add() refuses keys meanwhile. */
    private function report(FailureEvent $event): void
    {
        $hook = $this->hook;
        if ($hook === null) {
            return;
        }
        $this->hooksRunning++;
        try {
            $hook($event);
        } finally {
            $this->hooksRunning--;
        }
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

    /**
     * `$bytes` as UTF-8 text, each invalid sequence replaced by U+FFFD as the core's events
     * do (Rust's `String::from_utf8_lossy`), so that an event's user id always encodes as JSON.
     */
    private static function text(string $bytes): string
    {
        if (preg_match('//u', $bytes) === 1) {
            return $bytes;
        }
        return (string) preg_replace_callback(self::UTF8_PIECE, static fn (array $m): string => $m[1] ?? "\u{FFFD}", $bytes);
    }
}
