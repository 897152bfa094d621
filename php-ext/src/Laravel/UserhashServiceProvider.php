<?php

declare(strict_types=1);

namespace Userhash\Laravel;

use Illuminate\Contracts\Foundation\Application;
use Illuminate\Support\Facades\Blade;
use Illuminate\Support\ServiceProvider;
use Userhash\Integration\Widgets;

/**
 * userhash for Laravel (found by package discovery): the `userhash` service (the Userhash facade), config/userhash.php
 * and the `@userhashWidget` Blade directive.
 */
final class UserhashServiceProvider extends ServiceProvider
{
    private const CONFIG = __DIR__ . '/config/userhash.php';

    public function register(): void
    {
        $this->mergeConfigFrom(self::CONFIG, 'userhash');
        $this->app->singleton('userhash', static fn (Application $app): UserhashService => new UserhashService(self::widgets($app)));
        $this->app->alias('userhash', UserhashService::class);
    }

    public function boot(): void
    {
        $this->publishes([self::CONFIG => $this->app->configPath('userhash.php')], 'userhash-config');
        // @userhashWidget, @userhashWidget($user), @userhashWidget($user, 'crisp'): UserhashService::widget()'s arguments.
        Blade::directive('userhashWidget', static fn (string $arguments): string => "<?php echo app('userhash')->widget({$arguments}); ?>");
    }

    private static function widgets(Application $app): Widgets
    {
        $config = $app['config']['userhash'];
        return new Widgets(
            Widgets::keyringFrom(
                $config['secret'],
                $config['previous_secret'],
                isset($config['previous_secret_not_after']) ? (string) $config['previous_secret_not_after'] : null,
                "USERHASH_SECRET in the environment or .env, or 'secret' in config/userhash.php"
                    . " (rotation: USERHASH_PREVIOUS_SECRET and USERHASH_PREVIOUS_SECRET_NOT_AFTER)",
            ),
            (string) $config['app_id'],
            $config['preset'],
            $config['invalid_fields'],
            static fn (string $message, array $context) => $app['log']->channel($config['log_channel'])->warning($message, $context),
            $config['get_id'],
            static fn (): ?string => $app['request']->attributes->get($config['nonce_attribute'])
                ?? (class_exists(\Illuminate\Support\Facades\Vite::class) ? \Illuminate\Support\Facades\Vite::cspNonce() : null),
            static fn (): mixed => $app['request']->user(),
        );
    }
}
