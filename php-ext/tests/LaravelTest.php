<?php

declare(strict_types=1);

namespace Userhash\Tests;

require_once '/usr/share/php/Illuminate/autoload.php'; // Debian's php-laravel-framework

use Illuminate\Config\Repository;
use Illuminate\Filesystem\FilesystemServiceProvider;
use Illuminate\Foundation\AliasLoader;
use Illuminate\Foundation\Application;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Blade;
use Illuminate\Support\Facades\Facade;
use Illuminate\Support\HtmlString;
use Illuminate\Support\ServiceProvider;
use Illuminate\View\ViewServiceProvider;
use Monolog\Handler\TestHandler;
use PHPUnit\Framework\TestCase;
use Userhash\Integration\ConfigError;
use Userhash\Laravel\Userhash;
use Userhash\Laravel\UserhashServiceProvider;
use Userhash\UserhashError;

/** The service provider, the facade and @userhashWidget in a real Laravel application (Debian's 8.83). */
final class LaravelTest extends TestCase
{
    private const SECRET = 'laravel-secret';

    private string $base;

    protected function setUp(): void
    {
        $this->base = sys_get_temp_dir() . '/userhash-laravel-' . bin2hex(random_bytes(6));
        mkdir("{$this->base}/views", 0777, true);
        mkdir("{$this->base}/compiled");
    }

    protected function tearDown(): void
    {
        Facade::clearResolvedInstances();
        exec('rm -rf ' . escapeshellarg($this->base));
    }

    /** A booted application with config/userhash.php's defaults under `$userhash`, and a request carrying `$nonce`. */
    private function app(array $userhash = ['secret' => self::SECRET, 'app_id' => 'demo'], ?string $nonce = 'n0nce'): Application
    {
        $app = new Application($this->base);
        $app->instance('config', new Repository([
            'view' => ['paths' => ["{$this->base}/views"], 'compiled' => "{$this->base}/compiled"],
            'logging' => ['default' => 'test', 'channels' => ['test' => ['driver' => 'monolog', 'handler' => TestHandler::class]]],
        ]));
        $request = Request::create('/');
        $request->attributes->set('csp_nonce', $nonce);
        $app->instance('request', $request);
        Facade::clearResolvedInstances();
        Facade::setFacadeApplication($app);
        $app->register(FilesystemServiceProvider::class);
        $app->register(ViewServiceProvider::class);
        $app->register(UserhashServiceProvider::class);
        $app['config']->set('userhash', $userhash + $app['config']['userhash']);
        $app->boot();
        return $app;
    }

    private function render(Application $app, string $blade, array $data = []): string
    {
        file_put_contents("{$this->base}/views/page.blade.php", $blade);
        return $app['view']->make('page', $data)->render();
    }

    /** The object a TAU script hands the widget. */
    private static function taubotConfig(string $html, string $nonce = 'n0nce'): array
    {
        self::assertSame(1, preg_match('#^<script nonce="' . $nonce . '">window\.taubotConfig = (.*);</script>$#', trim($html), $m), $html);
        return json_decode($m[1], true, flags: JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> the warnings the default log channel got */
    private static function warnings(Application $app): array
    {
        $handler = $app['log']->channel('test')->getLogger()->getHandlers()[0];
        return array_map(static fn ($record): array => [$record['message'], $record['context']], $handler->getRecords());
    }

    public function testTheDirectiveRendersTheUsersScriptUnderTheRequestsNonce(): void
    {
        $html = $this->render($this->app(), '@userhashWidget($user)', ['user' => ['id' => 'user123', 'name' => '</script><b>']]);
        $config = self::taubotConfig($html);
        self::assertSame(['id' => 'user123', 'hash' => hash_hmac('sha256', 'user123', self::SECRET), 'name' => '</script><b>'], $config['user']);
        self::assertSame('demo', $config['appId']);
        self::assertStringNotContainsString('</script><b>', $html);
    }

    public function testWithoutAUserTheDirectiveTakesTheRequestsUserAndOtherwiseRendersTheAnonymousConfig(): void
    {
        $app = $this->app();
        self::assertSame(['appId' => 'demo'], self::taubotConfig($this->render($app, '@userhashWidget')));
        $app['request']->setUserResolver(static fn (): object => (object) ['id' => 42, 'email' => 'jo@example.com']);
        self::assertSame(
            ['id' => '42', 'hash' => hash_hmac('sha256', '42', self::SECRET), 'email' => 'jo@example.com'],
            self::taubotConfig($this->render($app, '@userhashWidget'))['user'],
        );
    }

    public function testTheFacadeReturnsHtmlThatBladeEchoesAsItIs(): void
    {
        $app = $this->app(nonce: null);
        AliasLoader::getInstance(['Userhash' => Userhash::class])->register(); // as package discovery does
        $widget = Userhash::widget(['id' => 'user123', 'email' => 'jo@example.com'], 'crisp');
        self::assertInstanceOf(HtmlString::class, $widget);
        self::assertStringStartsWith('<script>', (string) $widget);
        self::assertStringContainsString(hash_hmac('sha256', 'jo@example.com', self::SECRET), (string) $widget);
        self::assertSame("{$widget}\n", $this->render($app, "{{ Userhash::widget(['id' => 'user123', 'email' => 'jo@example.com'], 'crisp') }}\n"));
        self::assertSame(hash_hmac('sha256', 'user123', self::SECRET), Userhash::keyring()->sign('user123'));
    }

    public function testAMissingSecretNamesTheVariableAndTheConfigKey(): void
    {
        $this->app(['secret' => null]);
        try {
            Userhash::widget(['id' => 'user123']);
            self::fail('no error');
        } catch (ConfigError $e) {
            self::assertInstanceOf(UserhashError::class, $e);
            self::assertSame('missing_env', $e->getErrorCode());
            self::assertStringContainsString("USERHASH_SECRET in the environment or .env, or 'secret' in config/userhash.php", $e->getMessage());
        }
    }

    public function testRotationReadsThePreviousSecretUntilItsEnd(): void
    {
        $this->app(['secret' => 'new-secret', 'previous_secret' => self::SECRET, 'previous_secret_not_after' => (string) (time() + 3600)]);
        self::assertTrue(Userhash::keyring()->verify('user123', hash_hmac('sha256', 'user123', self::SECRET)));
        self::assertSame(hash_hmac('sha256', 'user123', 'new-secret'), Userhash::keyring()->sign('user123'));

        $this->app(['previous_secret' => self::SECRET]);
        $this->expectExceptionMessage('USERHASH_PREVIOUS_SECRET_NOT_AFTER');
        Userhash::keyring();
    }

    public function testAMalformedEmailIsLeftOutWithAWarningInTheLog(): void
    {
        $app = $this->app();
        $config = self::taubotConfig($this->render($app, '@userhashWidget($user)', ['user' => ['id' => 'u1', 'email' => 'not an email']]));
        self::assertSame(['id' => 'u1', 'hash' => hash_hmac('sha256', 'u1', self::SECRET)], $config['user']);
        [[$message, $context]] = self::warnings($app);
        self::assertStringContainsString("leaves out the user's email", $message);
        self::assertStringNotContainsString('not an email', $message);
        self::assertSame(['field' => 'email', 'code' => 'invalid_email'], $context);
    }

    public function testInvalidFieldsRaiseThrowsTheCoresError(): void
    {
        $this->app(['secret' => self::SECRET, 'app_id' => 'demo', 'invalid_fields' => 'raise']);
        try {
            Userhash::widget(['id' => 'u1', 'email' => 'not an email']);
            self::fail('no error');
        } catch (UserhashError $e) {
            self::assertSame('invalid_email', $e->getErrorCode());
        }
    }

    public function testAUserWithoutAnIdWarnsAndGetIdGivesIt(): void
    {
        $app = $this->app();
        $user = new class () {
            public string $name = 'Jo';

            public static function userhashId(object $user): string
            {
                return 'jo-1';
            }
        };
        self::assertSame(['appId' => 'demo'], self::taubotConfig((string) Userhash::widget($user)));
        self::assertStringContainsString("'get_id' in config/userhash.php", self::warnings($app)[0][0]);

        $this->app(['secret' => self::SECRET, 'app_id' => 'demo', 'get_id' => [$user::class, 'userhashId']]);
        self::assertSame(['id' => 'jo-1', 'hash' => hash_hmac('sha256', 'jo-1', self::SECRET), 'name' => 'Jo'], self::taubotConfig((string) Userhash::widget($user))['user']);
    }

    public function testTheConfigIsPublishedAndDiscovered(): void
    {
        $app = $this->app();
        $paths = ServiceProvider::pathsToPublish(UserhashServiceProvider::class, 'userhash-config');
        self::assertSame([$app->configPath('userhash.php')], array_values($paths));
        $published = (static fn (string $file): array => require $file)(array_key_first($paths));
        self::assertSame(['secret', 'previous_secret', 'previous_secret_not_after', 'app_id', 'preset', 'invalid_fields', 'log_channel', 'get_id', 'nonce_attribute'], array_keys($published));

        $composer = json_decode((string) file_get_contents(dirname(__DIR__) . '/composer.json'), true, flags: JSON_THROW_ON_ERROR);
        self::assertSame(['providers' => [UserhashServiceProvider::class], 'aliases' => ['Userhash' => Userhash::class]], $composer['extra']['laravel']);
        self::assertArrayHasKey('userhashWidget', Blade::getCustomDirectives());
    }
}
