<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Widget configuration snippets (docs/spec.md, section 5; the README's "Widget snippets"), built and checked by the
 * C library. `$signer` is a Signer or a text secret; `$user` null (anonymous) or `['id' => string|int, ...]`.
 * `$invalidFields`: `'raise'` (an optional user field failing its rule, such as a malformed email, throws) or
 * `'drop'` (it is left out and reported to `$onInvalidField`, see configJson()).
 */
final class Widget
{
    /** The `<script nonce="…">GLOBAL = JSON;</script>` element (`$global` for the generic preset only). */
    public static function script(
        #[\SensitiveParameter] Signer|string $signer,
        Preset|string $preset,
        string $appId,
        ?array $user = null,
        ?string $nonce = null,
        ?string $global = null,
        string $invalidFields = 'raise',
        ?callable $onInvalidField = null,
    ): string {
        $config = ['preset' => $preset, 'app_id' => $appId, 'global' => $global, 'user' => $user, 'invalid_fields' => $invalidFields];
        return self::render('userhash_widget_script', $signer, $config, $onInvalidField, $nonce, \strlen($nonce ?? ''));
    }

    /** The configuration object as HTML-safe JSON text. */
    public static function json(
        #[\SensitiveParameter] Signer|string $signer,
        Preset|string $preset,
        string $appId,
        ?array $user = null,
        ?string $global = null,
        string $invalidFields = 'raise',
        ?callable $onInvalidField = null,
    ): string {
        $config = ['preset' => $preset, 'app_id' => $appId, 'global' => $global, 'user' => $user, 'invalid_fields' => $invalidFields];
        return self::render('userhash_widget_json', $signer, $config, $onInvalidField);
    }

    /** `$function(signer, config, len, ...$options, &out)`'s text. */
    private static function render(
        string $function,
        #[\SensitiveParameter] Signer|string $signer,
        array $config,
        ?callable $onInvalidField,
        mixed ...$options,
    ): string {
        $signer = \is_string($signer) ? new Signer($signer) : $signer;
        $json = self::configJson($config, $onInvalidField);
        return Native::ownedString(static fn (\FFI\CData $out): int =>
            Native::ffi()->$function(...[$signer->nativeHandle(), $json, \strlen($json), ...$options, $out]));
    }

    /**
     * @internal The configuration as the JSON the C library reads (docs/spec.md, section 5.3), for Widget and Keyring.
     * JSON holds only UTF-8: other text is `text_not_utf8` (`user_id_not_unicode` for the id), as for a C argument; any
     * other value json_encode refuses is `invalid_widget_config`. Under `'invalid_fields' => 'drop'`, each optional
     * user field the C library will leave out goes to `$onInvalidField` first.
     */
    public static function configJson(array $config, ?callable $onInvalidField = null): string
    {
        $config['user'] = $config['user'] === null ? null : self::user($config['user']);
        $json = self::encode($config, $config['user']['id'] ?? '');
        if (($config['invalid_fields'] ?? null) === 'drop') {
            self::reportInvalidFields($json, $onInvalidField);
        }
        return $json;
    }

    /**
     * Hands `$log(message, ['field' => …, 'code' => …])` (a PSR-3 logger's `warning(...)` fits) each field that
     * userhash_widget_invalid_fields names (never its value); without `$log`, an E_USER_WARNING.
     */
    private static function reportInvalidFields(string $json, ?callable $log): void
    {
        $fields = json_decode(Native::ownedString(static fn (\FFI\CData $out): int =>
            Native::ffi()->userhash_widget_invalid_fields($json, \strlen($json), $out)), true, 3, JSON_THROW_ON_ERROR);
        foreach ($fields as ['field' => $field, 'code' => $code, 'message' => $message]) {
            $text = "userhash: the widget leaves out the user's {$field}: {$message} [{$code}]";
            $log === null ? trigger_error($text, E_USER_WARNING) : $log($text, ['field' => $field, 'code' => $code]);
        }
    }

    /** @internal A user alone as the JSON object the C library reads (for Keyring::issueJwt), as configJson writes it. */
    public static function userJson(array $user): string
    {
        $user = self::user($user);
        return self::encode($user, $user['id']);
    }

    /** `$value` by json_encode, whose errors are the C library's codes (`$userId` tells the id's from the rest). */
    private static function encode(array $value, string $userId): string
    {
        try {
            return json_encode($value, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw Native::error(match (true) {
                $e->getCode() !== JSON_ERROR_UTF8 => Native::ffi()->USERHASH_RESULT_INVALID_WIDGET_CONFIG,
                preg_match('//u', $userId) !== 1 => Native::ffi()->USERHASH_RESULT_USER_ID_NOT_UNICODE,
                default => Native::ffi()->USERHASH_RESULT_TEXT_NOT_UTF8,
            }, $e->getMessage());
        }
    }

    /** The user as the JSON has it: the id as ids are taken (missing: empty), `created_at` in seconds, `metadata` an object. */
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
