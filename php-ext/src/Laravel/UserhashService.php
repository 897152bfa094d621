<?php

declare(strict_types=1);

namespace Userhash\Laravel;

use Illuminate\Support\HtmlString;
use Userhash\Integration\Widgets;
use Userhash\Keyring;
use Userhash\Preset;

/** The `userhash` service behind the Userhash facade and @userhashWidget. */
final class UserhashService
{
    public function __construct(private readonly Widgets $widgets)
    {
    }

    /**
     * The widget `<script>` for `$user` (null: `$request->user()`; none: the anonymous configuration) under the
     * request's CSP nonce (Widgets::script()), as HTML that Blade's `{{ }}` leaves as it is (the core escaped the JSON).
     */
    public function widget(mixed $user = null, Preset|string|null $preset = null, ?string $nonce = null, ?string $appId = null): HtmlString
    {
        return new HtmlString($this->widgets->script($user, $preset, $nonce, $appId));
    }

    /** The keyring of config/userhash.php, to sign, verify or issue vendor JWTs. */
    public function keyring(): Keyring
    {
        return $this->widgets->keyring();
    }
}
