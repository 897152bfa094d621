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
    private readonly \FFI $ffi;
    /** `userhash_keyring *`, released by release(); null once released. */
    private ?\FFI\CData $handle;
    /** Set by __destruct: no call may start, and the handle goes once no call is in flight. */
    private bool $closed = false;
    /** Output buffers, reused by every call. */
    private readonly \FFI\CData $hash;
    private readonly \FFI\CData $token;
    private readonly \FFI\CData $result;
    /** `int64_t[2]`: the optional times passed by pointer (now, or not_before and not_after). */
    private readonly \FFI\CData $times;
    /**
     * The onFailure hook, a Throwable it threw, and how many of its calls are running (each
     * inside a C call on this keyring), shared with the C callback (which must not throw:
     * PHP aborts when an exception leaves an FFI callback). Null until onFailure().
     */
    private ?\stdClass $hook = null;
    /** `int64_t`: this keyring's key in $hooks, pointed to by the callback's user_data. */
    private ?\FFI\CData $hookId = null;
    /** @var array<int, \stdClass> hook states of the live keyrings, by id */
    private static array $hooks = [];
    private static int $lastHookId = 0;
    /** `userhash_failure_callback[1]`: see dispatcher(). */
    private static ?\FFI\CData $dispatcher = null;

    /**
     * A keyring whose primary key is the text secret `$secret` (the rules of `new Signer`)
     * under the key id `$primaryId`.
     *
     * @throws UserhashException empty_key_id, empty_secret, secret_whitespace, secret_not_utf8, text_not_utf8
     */
    public function __construct(string $primaryId, #[\SensitiveParameter] string $secret)
    {
        $this->init('userhash_keyring_new', $primaryId, $secret);
    }

    /**
     * A keyring whose primary key is raw key bytes, used exactly as `hash_hmac` uses `$key`.
     *
     * @throws UserhashException empty_key_id, empty_secret
     */
    public static function fromBytes(string $primaryId, #[\SensitiveParameter] string $key): self
    {
        $keyring = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $keyring->init('userhash_keyring_new_bytes', $primaryId, $key);
        return $keyring;
    }

    /**
     * `USERHASH_SECRET` as primary key `current` and, when `USERHASH_PREVIOUS_SECRET` is set,
     * that secret as key `previous`, valid until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix
     * seconds, required with it): the variables and rules of the core's `Keyring::from_env`.
     * Read with getenv(), which also sees PHP-FPM pool `env[...]` and FastCGI parameters
     * that the C library's environment does not.
     *
     * @throws UserhashException missing_env, invalid_timestamp, timestamp_in_milliseconds, and the errors of the secrets
     */
    public static function fromEnv(): self
    {
        $keyring = new self('current', self::env('USERHASH_SECRET'));
        if (\is_string(getenv('USERHASH_PREVIOUS_SECRET'))) {
            $previous = self::env('USERHASH_PREVIOUS_SECRET');
            $notAfter = self::env('USERHASH_PREVIOUS_SECRET_NOT_AFTER');
            $keyring->add('previous', $previous, notAfter: self::unixSeconds($notAfter));
        }
        return $keyring;
    }

    /**
     * Adds a key that verifies but never signs: the text secret `$secret` under `$id`, valid
     * from `$notBefore` (inclusive) to `$notAfter` (exclusive), Unix seconds; null is open.
     * To rotate, make the new secret primary and add the old one with a `$notAfter`.
     *
     * @throws UserhashException duplicate_key_id, empty_key_id, invalid_key_window, invalid_timestamp
     *     (negative), timestamp_in_milliseconds (10^11 or more), and the secret's errors
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
     * before logging. A Throwable thrown by the hook is rethrown once the verification is
     * done. The hook runs inside the C library's verification: it may verify, and even
     * destroy this keyring (the verification still completes), but not add keys.
     *
     * @param ?callable(FailureEvent): void $hook
     */
    public function onFailure(?callable $hook): self
    {
        $handle = $this->handle();
        if ($this->hook === null) {
            if ($hook === null) {
                return $this;
            }
            $state = new \stdClass();
            $state->hook = null;
            $state->error = null;
            $state->running = 0;
            $state->muted = false;
            $id = $this->ffi->new('int64_t');
            $id->cdata = ++self::$lastHookId;
            self::$hooks[$id->cdata] = $state;
            $result = $this->ffi->userhash_keyring_on_failure($handle, self::dispatcher($this->ffi), \FFI::addr($id));
            if ($result !== 0) {
                unset(self::$hooks[$id->cdata]);
                throw Native::error($result);
            }
            $this->hookId = $id;
            $this->hook = $state;
        }
        $this->hook->hook = $hook;
        return $this;
    }

    /**
     * The C function pointer of the one callback that serves every Keyring: PHP frees the
     * trampoline of an FFI callback only at the end of the request, so one per keyring
     * would grow a long-running worker. It finds the keyring's hook state by the id that
     * `user_data` points to.
     */
    private static function dispatcher(\FFI $ffi): \FFI\CData
    {
        if (self::$dispatcher === null) {
            $holder = $ffi->new('userhash_failure_callback[1]');
            $holder[0] = static function (\FFI\CData $event, ?\FFI\CData $userData) use ($ffi): void {
                $state = $userData === null ? null : (self::$hooks[$ffi->cast('int64_t *', $userData)[0]] ?? null);
                if ($state === null || $state->hook === null || $state->error !== null || $state->muted) {
                    return;
                }
                $state->running++;
                try {
                    ($state->hook)(new FailureEvent(
                        Native::outcomeName($event->outcome),
                        Native::reasonCode($event->reason),
                        \FFI::isNull($event->key_id) ? null : \FFI::string($event->key_id, $event->key_id_len),
                        \FFI::string($event->user_id, $event->user_id_len),
                        \FFI::string($event->hash_prefix, $event->hash_prefix_len),
                    ));
                } catch (\Throwable $e) {
                    // An exception must not leave an FFI callback (PHP aborts): rethrown by
                    // the verify method once the C call has returned.
                    $state->error = $e;
                } finally {
                    $state->running--;
                }
            };
            self::$dispatcher = $holder;
        }
        return self::$dispatcher[0];
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
        $this->check($this->ffi->userhash_keyring_key_count($handle, \FFI::addr($count)));
        $ids = [];
        for ($i = 0; $i < $count->cdata; $i++) {
            $ids[] = $this->keyId($handle, $i);
        }
        return $ids;
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
        $this->check($this->ffi->userhash_keyring_sign(
            $handle,
            $userId,
            \strlen($userId),
            $this->hash,
            Native::HASH_BUF_LEN,
        ));
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
        $hash = Native::presented($hash);
        $result = $this->ffi->userhash_keyring_verify_detailed(
            $handle,
            $userId,
            \strlen($userId),
            $hash,
            \strlen($hash),
            $this->time(0, $now),
            \FFI::addr($this->result),
        );
        return $this->verification($handle, $result);
    }

    /**
     * A `v1` token for `$userId` (docs/spec.md, section 2) signed by the primary key,
     * expiring `$ttlSeconds` from now.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id, invalid_timestamp, timestamp_in_milliseconds
     */
    public function issueToken(mixed $userId, int $ttlSeconds): string
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        if ($ttlSeconds < 0) {
            throw Native::error($this->ffi->USERHASH_RESULT_INVALID_TIMESTAMP, 'the ttl must not be negative');
        }
        $this->check($this->ffi->userhash_keyring_issue_token(
            $handle,
            $userId,
            \strlen($userId),
            $ttlSeconds,
            $this->token,
            Native::TOKEN_BUF_LEN,
        ));
        return \FFI::string($this->token);
    }

    /**
     * A `v1` token for `$userId` that verifies up to Unix second `$expiresAt - 1`.
     *
     * @param string|int $userId anything else is a TypeError
     * @throws UserhashException empty_user_id, invalid_timestamp (negative), timestamp_in_milliseconds
     */
    public function issueTokenAt(mixed $userId, int $expiresAt): string
    {
        $handle = $this->handle();
        $userId = Native::userId($userId, __METHOD__);
        $this->check($this->ffi->userhash_keyring_issue_token_at(
            $handle,
            $userId,
            \strlen($userId),
            $expiresAt,
            $this->token,
            Native::TOKEN_BUF_LEN,
        ));
        return \FFI::string($this->token);
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
        $token = Native::presented($token);
        if ($leeway < 0) {
            throw Native::error($this->ffi->USERHASH_RESULT_INVALID_TIMESTAMP, 'the leeway must not be negative');
        }
        $result = $this->ffi->userhash_keyring_verify_token(
            $handle,
            $userId,
            \strlen($userId),
            $token,
            \strlen($token),
            $this->time(0, $now),
            $leeway,
            \FFI::addr($this->result),
        );
        return $this->verification($handle, $result);
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
        $hash = Native::presented($hash);
        $code = $this->ffi->new('const char *');
        // A fixed time of its own (a hook may verify with another time in between), so that
        // a second call with a larger buffer finds the same thing.
        $time = $this->ffi->new('int64_t');
        $time->cdata = $now ?? time();
        $attempt = 0;
        try {
            $message = Native::sized(
                function (\FFI\CData $out, int $size, \FFI\CData $length) use ($handle, $userId, $hash, $email, $time, $code, &$attempt): int {
                    // The second call repeats the first one's failed verification: report it once.
                    $this->muteHook($attempt++ > 0);
                    return $this->ffi->userhash_keyring_explain(
                        $handle,
                        $userId,
                        \strlen($userId),
                        $hash,
                        \strlen($hash),
                        $email,
                        $email === null ? 0 : \strlen($email),
                        \FFI::addr($time),
                        \FFI::addr($code),
                        $out,
                        $size,
                        $length,
                    );
                },
                256,
            );
        } catch (UserhashException $e) {
            $this->takeHookError(); // the library's error wins over the hook's
            throw $e;
        } finally {
            $this->muteHook(false);
            $this->release();
        }
        $this->rethrowHookError();
        return new Finding(\FFI::string($code), $message);
    }

    /**
     * Releases the handle. The engine calls this once, but code may call it too, even from
     * this keyring's failure hook while the C library is still inside the verification that
     * called the hook: every later call throws ClosedError, and the handle is released once,
     * when no call on it is in flight.
     */
    public function __destruct()
    {
        $this->closed = true;
        $this->release();
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['keyIds' => !$this->closed && isset($this->handle) ? $this->keyIds() : [], 'secrets' => '<redacted>'];
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

    private function init(string $constructor, string $primaryId, #[\SensitiveParameter] string $secret): void
    {
        $this->ffi = Native::ffi();
        $handle = $this->ffi->new('userhash_keyring *');
        $result = $this->ffi->$constructor($primaryId, \strlen($primaryId), $secret, \strlen($secret), \FFI::addr($handle));
        if ($result !== 0) {
            throw Native::error($result);
        }
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
        if ($this->hookRunning()) {
            throw new \LogicException(
                'a key cannot be added to a Userhash\Keyring from its failure hook, while the C library reads the keys: add keys before verifying',
            );
        }
        $this->check($this->ffi->$function(
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

    private function keyId(\FFI\CData $handle, int $index): string
    {
        return Native::sized(
            fn (\FFI\CData $out, int $size, \FFI\CData $length): int =>
                $this->ffi->userhash_keyring_key_id($handle, $index, $out, $size, $length),
            64,
        );
    }

    /**
     * The Verification for the C result in $this->result (read with `$handle`, which a hook
     * may have closed but not released), then a Throwable from the hook.
     */
    private function verification(\FFI\CData $handle, int $result): Verification
    {
        try {
            $this->check($result);
            $index = $this->result->key_index;
            $verification = new Verification(
                Native::outcomeName($this->result->outcome),
                $index >= 0 ? $this->keyId($handle, $index) : null,
                Native::reasonCode($this->result->reason),
            );
        } finally {
            $this->release();
        }
        $this->rethrowHookError();
        return $verification;
    }

    private function check(int $result): void
    {
        if ($result !== 0) {
            $this->takeHookError(); // the library's error wins over the hook's
            throw Native::error($result);
        }
    }

    /** The live handle; ClosedError once __destruct was called. */
    private function handle(): \FFI\CData
    {
        if ($this->closed) {
            throw new ClosedError(self::class);
        }
        return $this->handle;
    }

    /** Frees the handle once __destruct was called and no C call on it is running the hook. */
    private function release(): void
    {
        if (!$this->closed || !isset($this->handle) || $this->hookRunning()) {
            return;
        }
        $this->ffi->userhash_keyring_free($this->handle);
        $this->handle = null;
        if ($this->hookId !== null) {
            unset(self::$hooks[$this->hookId->cdata]);
        }
        if ($this->hook !== null) {
            // A hook that holds this keyring would otherwise keep both alive in a cycle.
            $this->hook->hook = null;
        }
    }

    /** Whether the hook is running, which it does only inside a C call on this keyring. */
    private function hookRunning(): bool
    {
        return $this->hook !== null && $this->hook->running > 0;
    }

    private function muteHook(bool $muted): void
    {
        if ($this->hook !== null) {
            $this->hook->muted = $muted;
        }
    }

    /** What the hook threw during the last C call, now forgotten, or null. */
    private function takeHookError(): ?\Throwable
    {
        $error = $this->hook?->error;
        if ($error !== null) {
            $this->hook->error = null;
        }
        return $error;
    }

    private function rethrowHookError(): void
    {
        $error = $this->takeHookError();
        if ($error !== null) {
            throw $error;
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

    /** A variable of the environment, or missing_env naming it. */
    private static function env(string $name): string
    {
        $value = getenv($name);
        if (!\is_string($value)) {
            throw Native::error(Native::ffi()->USERHASH_RESULT_MISSING_ENV, "environment variable {$name} is not set");
        }
        return $value;
    }

    /**
     * The Unix seconds of USERHASH_PREVIOUS_SECRET_NOT_AFTER, read as the core reads it (Rust's
     * `i64` parsing: an optional sign and decimal digits, nothing else, within 64 bits).
     */
    private static function unixSeconds(string $text): int
    {
        if (preg_match('/^([+-]?)0*([0-9]+)$/D', $text, $m) === 1) {
            $canonical = ($m[1] === '-' && $m[2] !== '0' ? '-' : '') . $m[2];
            $value = (int) $canonical;
            if ((string) $value === $canonical) {
                return $value;
            }
        }
        throw Native::error(Native::ffi()->USERHASH_RESULT_INVALID_TIMESTAMP, 'USERHASH_PREVIOUS_SECRET_NOT_AFTER must be a whole number of Unix seconds');
    }
}
