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
 * of string|int|bool|null values; hal and generic). A null field is left out.
 */
final class Widget
{
    /** The fields of `$user`, in the order of the C struct. */
    private const TEXT_FIELDS = ['name', 'email', 'phone', 'profile_picture_url'];

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
     *     invalid_nonce, field_not_in_preset
     */
    public static function script(
        #[\SensitiveParameter] Signer|string $signer,
        string $preset,
        string $appId,
        ?array $user = null,
        ?string $nonce = null,
        ?string $global = null,
    ): string {
        return self::build($signer, $preset, $appId, $user, $global, $nonce, true);
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
        return self::build($signer, $preset, $appId, $user, $global, null, false);
    }

    /** @param ?array<string, mixed> $user */
    private static function build(
        #[\SensitiveParameter] Signer|string $signer,
        string $preset,
        string $appId,
        ?array $user,
        ?string $global,
        ?string $nonce,
        bool $script,
    ): string {
        $ffi = Native::ffi();
        $signer = \is_string($signer) ? new Signer($signer) : $signer;
        $keep = [];
        $config = $ffi->new('userhash_widget_config');
        $config->preset = Native::cString($preset, $keep);
        $config->preset_len = \strlen($preset);
        $config->app_id = Native::cString($appId, $keep);
        $config->app_id_len = \strlen($appId);
        if ($global !== null) {
            $config->global = Native::cString($global, $keep);
            $config->global_len = \strlen($global);
        }
        if ($user !== null) {
            $native = self::user($user, $keep);
            $keep[] = $native;
            $config->user = \FFI::addr($native);
        }
        $handle = $signer->nativeHandle();
        return Native::sized(
            static fn (\FFI\CData $out, int $size, \FFI\CData $length): int => $script
                ? $ffi->userhash_widget_script(
                    $handle,
                    \FFI::addr($config),
                    $nonce,
                    $nonce === null ? 0 : \strlen($nonce),
                    $out,
                    $size,
                    $length,
                )
                : $ffi->userhash_widget_json($handle, \FFI::addr($config), $out, $size, $length),
            1024,
        );
    }

    /**
     * @param array<string, mixed> $user
     * @param list<\FFI\CData> $keep
     */
    private static function user(array $user, array &$keep): \FFI\CData
    {
        $ffi = Native::ffi();
        $native = $ffi->new('userhash_widget_user');
        foreach (array_keys($user) as $field) {
            if (!\in_array($field, ['id', ...self::TEXT_FIELDS, 'created_at', 'metadata'], true)) {
                throw Native::error(
                    $ffi->USERHASH_RESULT_FIELD_NOT_IN_PRESET,
                    $field === 'hash'
                        ? 'the hash is computed from the id and cannot be passed in'
                        : sprintf('a widget user has no field "%s" (fields: id, %s, created_at, metadata)', $field, implode(', ', self::TEXT_FIELDS)),
                );
            }
        }
        $id = Native::userId($user['id'] ?? '', 'Userhash\Widget');
        $native->id = Native::cString($id, $keep);
        $native->id_len = \strlen($id);
        foreach (self::TEXT_FIELDS as $field) {
            $value = $user[$field] ?? null;
            if ($value === null) {
                continue;
            }
            if (!\is_string($value)) {
                throw new \TypeError(sprintf('the widget user field %s must be a string or null, %s given', $field, get_debug_type($value)));
            }
            $native->$field = Native::cString($value, $keep);
            $native->{"{$field}_len"} = \strlen($value);
        }
        $createdAt = $user['created_at'] ?? null;
        if ($createdAt !== null) {
            if ($createdAt instanceof \DateTimeInterface) {
                $createdAt = $createdAt->getTimestamp();
            }
            if (!\is_int($createdAt)) {
                throw Native::error($ffi->USERHASH_RESULT_INVALID_TIMESTAMP, 'created_at must be an int of Unix seconds or a DateTimeInterface');
            }
            $time = $ffi->new('int64_t');
            $time->cdata = $createdAt;
            $keep[] = $time;
            $native->created_at = \FFI::addr($time);
        }
        $metadata = $user['metadata'] ?? null;
        if ($metadata !== null) {
            if (!\is_array($metadata)) {
                throw Native::error($ffi->USERHASH_RESULT_INVALID_METADATA, 'the metadata must be an array');
            }
            $count = \count($metadata);
            $entries = $ffi->new('userhash_widget_meta[' . max(1, $count) . ']');
            $keep[] = $entries;
            $i = 0;
            foreach ($metadata as $key => $value) {
                $key = (string) $key;
                $entry = $entries[$i++];
                $entry->key = Native::cString($key, $keep);
                $entry->key_len = \strlen($key);
                if (\is_string($value)) {
                    $entry->kind = $ffi->USERHASH_META_KIND_TEXT;
                    $entry->text = Native::cString($value, $keep);
                    $entry->text_len = \strlen($value);
                } elseif (\is_int($value)) {
                    $entry->kind = $ffi->USERHASH_META_KIND_INTEGER;
                    $entry->integer = $value;
                } elseif (\is_bool($value)) {
                    $entry->kind = $ffi->USERHASH_META_KIND_BOOL;
                    $entry->boolean = $value ? 1 : 0;
                } elseif ($value === null) {
                    $entry->kind = $ffi->USERHASH_META_KIND_NULL;
                } else {
                    throw Native::error(
                        $ffi->USERHASH_RESULT_INVALID_METADATA,
                        sprintf('the metadata value of "%s" is a %s: only string, int, bool and null are allowed', $key, get_debug_type($value)),
                    );
                }
            }
            $native->metadata = $ffi->cast('userhash_widget_meta *', \FFI::addr($entries[0]));
            $native->metadata_len = $count;
        }
        return $native;
    }
}
