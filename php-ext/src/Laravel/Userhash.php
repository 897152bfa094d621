<?php

declare(strict_types=1);

namespace Userhash\Laravel;

use Illuminate\Support\Facades\Facade;

/**
 * The `userhash` service, UserhashService (alias `Userhash`).
 *
 * @method static \Illuminate\Support\HtmlString widget(mixed $user = null, \Userhash\Preset|string|null $preset = null, ?string $nonce = null, ?string $appId = null)
 * @method static \Userhash\Keyring keyring()
 */
final class Userhash extends Facade
{
    protected static function getFacadeAccessor(): string
    {
        return 'userhash';
    }
}
