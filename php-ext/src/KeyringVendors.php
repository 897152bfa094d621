<?php

declare(strict_types=1);

namespace Userhash;

/**
 * @internal Keyring's vendor profiles (docs/spec.md, sections 5.1 and 6; the README's "Vendors"): the snippets of every
 * preset and HS256 JWTs, through the C library's keyring functions. A null `$now` is the current time.
 */
trait KeyringVendors
{
    /** A keyring whose primary key `$keyId` is the vendor dashboard's `$secret`, read as `$preset`'s profile reads it (Pylon: hex-decoded). */
    public static function forPreset(Preset|string $preset, #[\SensitiveParameter] string $secret, string $keyId = 'current'): self
    {
        $preset = self::presetName($preset);
        return self::opened('userhash_keyring_new_preset', $preset, \strlen($preset), $keyId, \strlen($keyId), $secret, \strlen($secret));
    }

    /**
     * The vendor's `<script>` element for any preset (the empty string for an anonymous visitor to a call that only
     * identifies), signed by the primary key with its id; a JWT is issued at `$now` and expires `$ttl` seconds later
     * (default 3600). `$user`, `$invalidFields` and `$onInvalidField` are as for Widget::script().
     */
    public function widgetScript(
        Preset|string $preset,
        string $appId = '',
        ?array $user = null,
        ?string $nonce = null,
        ?string $global = null,
        ?int $ttl = null,
        ?int $now = null,
        string $invalidFields = 'raise',
        ?callable $onInvalidField = null,
    ): string {
        $config = Widget::configJson(
            ['preset' => $preset, 'app_id' => $appId, 'global' => $global, 'ttl' => $ttl, 'user' => $user, 'invalid_fields' => $invalidFields],
            $onInvalidField,
        );
        $handle = $this->handle();
        return Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_widget_script(
            $handle, $config, \strlen($config), $nonce, \strlen($nonce ?? ''), $now ?? time(), $out,
        ));
    }

    /** The snippet's data alone, as HTML-safe JSON (`null` where the script is empty; a JWT alone as a JSON string). */
    public function widgetJson(
        Preset|string $preset,
        string $appId = '',
        ?array $user = null,
        ?string $global = null,
        ?int $ttl = null,
        ?int $now = null,
        string $invalidFields = 'raise',
        ?callable $onInvalidField = null,
    ): string {
        $config = Widget::configJson(
            ['preset' => $preset, 'app_id' => $appId, 'global' => $global, 'ttl' => $ttl, 'user' => $user, 'invalid_fields' => $invalidFields],
            $onInvalidField,
        );
        $handle = $this->handle();
        return Native::ownedString(fn (\FFI\CData $out): int =>
            $this->ffi->userhash_keyring_widget_json($handle, $config, \strlen($config), $now ?? time(), $out));
    }

    /**
     * `$preset`'s JWT alone (Canny's ssoToken, a mobile SDK's) for `$user` (as for Widget::script()), signed by the
     * primary key with its id as `kid` where the vendor wants one: `iat` = `$now`, `exp` = `$expiresAt` (null: no `exp`,
     * the only choice for Featurebase, which reads none).
     */
    public function issueJwt(Preset|string $preset, array $user, ?int $expiresAt = null, ?int $now = null): string
    {
        $handle = $this->handle();
        $preset = self::presetName($preset);
        $user = Widget::userJson($user);
        $expiry = null;
        if ($expiresAt !== null) {
            $expiry = $this->ffi->new('int64_t');
            $expiry->cdata = $expiresAt;
        }
        return Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_issue_jwt(
            $handle, $preset, \strlen($preset), $user, \strlen($user), $now ?? time(), $expiry === null ? null : \FFI::addr($expiry), $out,
        ));
    }

    /**
     * A JWT of `$preset`'s profile checked at `$now`, `$leeway` seconds (not negative) allowed on exp, nbf and iat. A
     * wrong token is an outcome; a failure goes to the hook with the token's identity claim (not authenticated).
     */
    public function verifyJwt(Preset|string $preset, ?string $token, int $leeway = 0, ?int $now = null): JwtVerification
    {
        $result = $this->decoded($this->jwtCall('userhash_keyring_verify_jwt', $preset, $token, $leeway, $now));
        $this->reportEvent($result['event']);
        return new JwtVerification($result['outcome'], $result['key_id'], $result['reason'], $result['claims']);
    }

    /** Why a JWT of `$preset`'s profile does or does not verify (one that does not goes to the hook). Server-side only. */
    public function explainJwt(Preset|string $preset, ?string $token, int $leeway = 0, ?int $now = null): Finding
    {
        return $this->finding($this->jwtCall('userhash_keyring_explain_jwt', $preset, $token, $leeway, $now));
    }

    /**
     * Why `$hash` of `$preset`'s profile does or does not verify; for a profile that signs the email, `$email` (then
     * required) is what is hashed. One that does not verify goes to the hook. Server-side only.
     * @param string|int $userId
     */
    public function explainPreset(Preset|string $preset, mixed $userId, ?string $hash, ?string $email = null, ?int $now = null): Finding
    {
        $handle = $this->handle();
        $preset = self::presetName($preset);
        $userId = Native::userId($userId, __METHOD__);
        $hash ??= '';
        return $this->finding(Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->userhash_keyring_explain_preset(
            $handle, $preset, \strlen($preset), $userId, \strlen($userId), $email, \strlen($email ?? ''), $hash, \strlen($hash),
            $now ?? time(), $out,
        )));
    }

    private static function presetName(Preset|string $preset): string
    {
        return $preset instanceof Preset ? $preset->value : $preset;
    }

    /** `$function(keyring, preset, len, token, len, now, leeway, &out)`'s JSON. */
    private function jwtCall(string $function, Preset|string $preset, ?string $token, int $leeway, ?int $now): string
    {
        $handle = $this->handle();
        $preset = self::presetName($preset);
        $token ??= '';
        return Native::ownedString(fn (\FFI\CData $out): int => $this->ffi->$function(
            $handle, $preset, \strlen($preset), $token, \strlen($token), $now ?? time(), $leeway, $out,
        ));
    }

    /** @return array<string, mixed> */
    private function decoded(string $json): array
    {
        return json_decode($json, true, flags: JSON_THROW_ON_ERROR);
    }

    /** An explain's Finding, its failure event reported first. */
    private function finding(string $json): Finding
    {
        ['code' => $code, 'message' => $message, 'event' => $event] = $this->decoded($json);
        $this->reportEvent($event);
        return new Finding($code, $message);
    }

    /** A failure event of the C library's JSON (null when verified), with the user id it names. */
    private function reportEvent(?array $event): void
    {
        if ($event !== null) {
            $this->report($event['user_id'], new Verification($event['outcome'], $event['key_id'], $event['reason']), $event['hash_prefix']);
        }
    }
}
