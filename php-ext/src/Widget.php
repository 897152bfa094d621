<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Widget configuration snippets (docs/spec.md, section 5), built by the C library from the
 * configuration as JSON (section 5.3): the hash computed from the id, the JSON safe inside
 * HTML. `$user` is null for an anonymous visitor, else an array with `id` (string|int) and
 * any of `name`, `email`, `phone`, `profile_picture_url`, `created_at` (int or
 * DateTimeInterface) and `metadata` (an array of string|int|bool|null); null is left out.
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
     * @throws UserhashException the widget rules' codes (README), invalid_widget_config, text_not_utf8
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
            $signer->nativeHandle(), $config, \strlen($config), $nonce, \strlen($nonce ?? ''), $out,
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
        return Native::ownedString(static fn (\FFI\CData $out): int =>
            Native::ffi()->userhash_widget_json($signer->nativeHandle(), $config, \strlen($config), $out));
    }

    /**
     * The configuration as JSON, which holds only UTF-8: other text is `text_not_utf8`
     * (`user_id_not_unicode` for the id), as for a C argument; any other value json_encode
     * refuses (INF, a resource) is `invalid_widget_config`.
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
     * The user as the JSON has it: the id as every id parameter takes it (missing is empty),
     * `created_at` in Unix seconds, `metadata` an object even when empty, the rest as given.
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
