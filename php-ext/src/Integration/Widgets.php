<?php

declare(strict_types=1);

namespace Userhash\Integration;

use Userhash\Keyring;
use Userhash\Preset;
use Userhash\UserhashError;

/**
 * What a framework integration (Laravel, Twig) shares: the keyring its configuration describes, made on first use,
 * and the widget `<script>` for the framework's user object, with the page's CSP nonce.
 */
final class Widgets
{
    /** The user fields a widget takes besides the id (docs/spec.md, section 5.3). */
    private const USER_FIELDS = ['name', 'email', 'phone', 'profile_picture_url', 'created_at', 'metadata'];

    private ?Keyring $keyring = null;

    /**
     * @param \Closure(): Keyring $makeKeyring reads the secrets (a missing one throws then, naming what to set)
     * @param string $invalidFields 'drop' (an optional field failing its rule is left out and logged) or 'raise'
     * @param ?callable(string, array): void $log gets each dropped field (null: trigger_error E_USER_WARNING)
     * @param ?callable(mixed): (string|int|null) $getId the id of a user object (null: its `id`)
     * @param ?callable(): ?string $nonce the current response's CSP nonce
     * @param ?callable(): mixed $currentUser the framework's logged-in user, for script() without a user
     */
    public function __construct(
        private readonly \Closure $makeKeyring,
        private readonly string $appId = '',
        private readonly Preset|string $preset = Preset::Tau,
        private readonly string $invalidFields = 'drop',
        private readonly mixed $log = null,
        private readonly mixed $getId = null,
        private readonly mixed $nonce = null,
        private readonly mixed $currentUser = null,
    ) {
    }

    /** From the three secret values (the README's rotation variables); `$where` names where to set them. */
    public static function keyringFrom(#[\SensitiveParameter] ?string $secret, #[\SensitiveParameter] ?string $previousSecret, ?string $previousNotAfter, string $where): \Closure
    {
        return static function () use ($secret, $previousSecret, $previousNotAfter, $where): Keyring {
            try {
                return Keyring::fromValues($secret, $previousSecret, $previousNotAfter);
            } catch (UserhashError $e) {
                throw new ConfigError("userhash is not configured: set {$where}", $e);
            }
        };
    }

    public function keyring(): Keyring
    {
        return $this->keyring ??= ($this->makeKeyring)();
    }

    /**
     * The widget `<script>` for `$user` (null: the current user, if any; none: the anonymous configuration): an array
     * or an object (its properties, magic ones too) with the widget's fields. `$nonce` null: the current nonce. The
     * configured app id goes with the configured preset; another preset takes `$appId` (if it reads one).
     */
    public function script(mixed $user = null, Preset|string|null $preset = null, ?string $nonce = null, ?string $appId = null): string
    {
        $user ??= $this->currentUser === null ? null : ($this->currentUser)();
        return $this->keyring()->widgetScript(
            $preset ?? $this->preset,
            $appId ?? ($preset === null ? $this->appId : ''),
            $this->user($user),
            nonce: $nonce ?? ($this->nonce === null ? null : ($this->nonce)()),
            invalidFields: $this->invalidFields,
            onInvalidField: $this->log,
        );
    }

    /** The user as Widget takes it; one without an id is anonymous, with a warning naming the getId option. */
    private function user(mixed $user): ?array
    {
        if ($user === null) {
            return null;
        }
        $fields = [];
        foreach (['id', ...self::USER_FIELDS] as $name) {
            $fields[$name] = match (true) {
                \is_array($user) => $user[$name] ?? null,
                \is_object($user) => $user->{$name} ?? null, // an Eloquent model's attributes too, its dates as Carbon
                default => throw new \TypeError('userhash: a user is an array or an object, not ' . get_debug_type($user)),
            };
        }
        $id = $this->getId === null ? $fields['id'] : ($this->getId)($user);
        if ($id === null || $id === '') {
            $this->warn('userhash: the user (' . get_debug_type($user) . ') has no id, so the widget shows an anonymous visitor: '
                . 'give the integration a getId option (Laravel: \'get_id\' in config/userhash.php)');
            return null;
        }
        return ['id' => $id] + array_filter($fields, static fn ($value): bool => $value !== null);
    }

    private function warn(string $message): void
    {
        $this->log === null ? trigger_error($message, E_USER_WARNING) : ($this->log)($message, []);
    }
}
