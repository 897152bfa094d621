<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Widget configuration snippets (docs/spec.md, section 5), built by the C library: the hash
 * is computed from the user's id, and the JSON is safe inside HTML (`<`, `>`, `&`, U+2028,
 * U+2029 escaped), byte for byte what every userhash language writes.
 *
 *     echo Widget::script($signer, 'tau', $appId, ['id' => $user->id, 'name' => $user->name], nonce: $cspNonce);
 *
 * `$user` is null for an anonymous visitor (no id, no hash), else an array with `id`
 * (string|int, required) and any of `name`, `email`, `phone`, `profile_picture_url`
 * (strings), `created_at` (int Unix seconds or DateTimeInterface) and `metadata` (an array
 * of string|int|bool|null values; hal and generic). A null field is left out. The
 * configuration goes to the C library as JSON (section 5.3), which checks every rule.
 */
final class Widget
{
    /**
     * The complete `<script>` element: `<script nonce="…">GLOBAL = JSON;</script>`.
     *
     * @param Signer|string $signer a Signer, or a text secret
     * @param string $preset `tau`, `hal` or `generic`
     * @param ?array<string, mixed> $user null for an anonymous visitor
     * @param ?string $nonce the page's CSP nonce, or null for none
     * @param ?string $global the global to assign (generic preset only)
     * @throws UserhashException unknown_preset, empty_app_id, empty_user_id, invalid_email,
     *     invalid_phone, invalid_url, invalid_timestamp, invalid_metadata, invalid_global_name,
     *     invalid_nonce, field_not_in_preset, invalid_widget_config, text_not_utf8
     */
    public static function script(
        #[\SensitiveParameter] Signer|string $signer,
        string $preset,
        string $appId,
        ?array $user = null,
        ?string $nonce = null,
        ?string $global = null,
    ): string {
        $signer = \is_string($signer) ? new Signer($signer) : $signer;
        $config = self::config($preset, $appId, $user, $global);
        return Native::ownedString(static fn (\FFI\CData $out): int => Native::ffi()->userhash_widget_script(
            $signer->nativeHandle(),
            $config,
            \strlen($config),
            $nonce,
            $nonce === null ? 0 : \strlen($nonce),
            $out,
        ));
    }

    /**
     * The configuration object as HTML-safe JSON text.
     *
     * @param Signer|string $signer a Signer, or a text secret
     * @param ?array<string, mixed> $user null for an anonymous visitor
     * @throws UserhashException as script(), except invalid_nonce
     */
    public static function json(
        #[\SensitiveParameter] Signer|string $signer,
        string $preset,
        string $appId,
        ?array $user = null,
        ?string $global = null,
    ): string {
        $signer = \is_string($signer) ? new Signer($signer) : $signer;
        $config = self::config($preset, $appId, $user, $global);
        return Native::ownedString(static fn (\FFI\CData $out): int => Native::ffi()->userhash_widget_json(
            $signer->nativeHandle(),
            $config,
            \strlen($config),
            $out,
        ));
    }

    /**
     * The configuration as JSON. JSON holds only UTF-8: text that is not is `text_not_utf8`
     * (`user_id_not_unicode` for the id), as the C library reports a C string argument, and
     * any other value json_encode refuses (INF, a resource) is `invalid_widget_config`.
     *
     * @param ?array<string, mixed> $user
     */
    private static function config(string $preset, string $appId, ?array $user, ?string $global): string
    {
        $user = $user === null ? null : self::user($user);
        $config = ['preset' => $preset, 'app_id' => $appId, 'global' => $global, 'user' => $user];
        try {
            return json_encode($config, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            $ffi = Native::ffi();
            throw Native::error(match (true) {
                $e->getCode() !== JSON_ERROR_UTF8 => $ffi->USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                preg_match('//u', $user['id'] ?? '') !== 1 => $ffi->USERHASH_RESULT_USER_ID_NOT_UNICODE,
                default => $ffi->USERHASH_RESULT_TEXT_NOT_UTF8,
            }, $e->getMessage());
        }
    }

    /**
     * The user as the JSON configuration has it: the id as every userhash id parameter
     * takes it (a missing one is empty), `created_at` in Unix seconds, `metadata` an object
     * even when empty; every other field as given.
     *
     * @param array<string, mixed> $user
     * @return array<string, mixed>
     */
    private static function user(array $user): array
    {
        $createdAt = $user['created_at'] ?? null;
        $metadata = $user['metadata'] ?? null;
        return [
            'id' => Native::userId($user['id'] ?? '', self::class),
            'created_at' => $createdAt instanceof \DateTimeInterface ? $createdAt->getTimestamp() : $createdAt,
            'metadata' => \is_array($metadata) ? (object) $metadata : $metadata,
        ] + $user;
    }
}
