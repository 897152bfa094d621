<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;

/**
 * examples/widget.php served by `php -S` and fetched over HTTP. The built-in server is not
 * the CLI SAPI, so the default ffi.enable=preload only lets preloaded code use FFI, as
 * under PHP-FPM: these are the README's server setups.
 */
final class WebServerTest extends TestCase
{
    private const SECRET = 'your_secret_key';
    /** Stands in for the logged-in user; it tries to close the page's <script>. */
    private const USER_ID = 'user</script><script>alert(1)</script>';

    /** @var list<resource> */
    private array $servers = [];
    private ?string $header = null;

    protected function tearDown(): void
    {
        foreach ($this->servers as $server) {
            proc_terminate($server);
            proc_close($server);
        }
        if ($this->header !== null) {
            unlink($this->header);
        }
    }

    /** opcache.preload=preload.php alone, which works when the server does not start as root. */
    public function testOpcachePreload(): void
    {
        // As root, opcache requires opcache.preload_user, which rules out FFI::load(): drop
        // to nobody, as a PHP-FPM master that does not run as root would be.
        $user = posix_geteuid() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
        $this->assertPageSignsTheUser($this->serve($user, $this->preloadIni()));
    }

    /** ffi.preload with bin/userhash-ffi-header's output, plus preload.php for the classes. */
    public function testFfiPreloadWithPreloadUser(): void
    {
        $this->header = (string) tempnam(sys_get_temp_dir(), 'userhash-test-');
        [$status, $header] = Process::php(
            "require '" . dirname(__DIR__) . "/bin/userhash-ffi-header';",
            Process::env(['USERHASH_LIB' => (string) getenv('USERHASH_LIB')]),
        );
        self::assertSame(0, $status, $header);
        file_put_contents($this->header, substr($header, (int) strpos($header, '#define')));
        $ini = [...$this->preloadIni(), '-d', "ffi.preload={$this->header}"];
        if (posix_geteuid() === 0) {
            $ini = [...$ini, '-d', 'opcache.preload_user=root'];
        }
        $this->assertPageSignsTheUser($this->serve([], $ini));
    }

    public function testWithoutPreloadTheErrorSaysWhatToConfigure(): void
    {
        [$status, $body, $log] = $this->fetch($this->serve([], []));
        self::assertSame(500, $status, $body);
        self::assertStringContainsString('userhash: this cli-server process has not preloaded userhash', $log());
        self::assertStringContainsString('opcache.preload=' . dirname(__DIR__) . '/preload.php', $log());
        self::assertStringNotContainsString(self::SECRET, $body . $log());
    }

    /** @return list<string> */
    private function preloadIni(): array
    {
        $preload = dirname(__DIR__) . '/preload.php';
        return ['-d', 'opcache.enable=1', '-d', 'opcache.enable_cli=1', '-d', "opcache.preload={$preload}"];
    }

    /**
     * Starts `php -S` on examples/ and waits until it accepts connections.
     *
     * @param list<string> $prefix
     * @param list<string> $ini
     * @return array{int, string} port and log file
     */
    private function serve(array $prefix, array $ini): array
    {
        $port = Process::freePort();
        $log = (string) tempnam(sys_get_temp_dir(), 'userhash-server-');
        $server = proc_open(
            [...$prefix, PHP_BINARY, ...$ini, '-S', "127.0.0.1:{$port}", '-t', dirname(__DIR__) . '/examples'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'w'], 2 => ['file', $log, 'w']],
            $pipes,
            null,
            Process::env([
                'USERHASH_LIB' => (string) getenv('USERHASH_LIB'),
                'USERHASH_SECRET' => self::SECRET,
                'USERHASH_DEMO_USER_ID' => self::USER_ID,
            ]),
        );
        $this->servers[] = $server;
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.1);
            if ($socket !== false) {
                fclose($socket);
                return [$port, $log];
            }
            usleep(50_000);
        }
        self::fail('php -S did not start: ' . file_get_contents($log));
    }

    /**
     * @param array{int, string} $server
     * @return array{int, string, callable(): string} status, body, and the server log
     */
    private function fetch(array $server): array
    {
        [$port, $log] = $server;
        $context = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 10]]);
        $body = (string) file_get_contents("http://127.0.0.1:{$port}/widget.php", false, $context);
        preg_match('{^HTTP/\S+ (\d+)}', $http_response_header[0] ?? '', $status);
        return [(int) ($status[1] ?? 0), $body, fn () => (string) file_get_contents($log)];
    }

    /** @param array{int, string} $server */
    private function assertPageSignsTheUser(array $server): void
    {
        [$status, $body, $log] = $this->fetch($server);
        self::assertSame(200, $status, $body . $log());
        self::assertStringNotContainsString('</script><script>', $body, 'the id is escaped in the page');
        self::assertSame(1, preg_match('{<script>window\.taubotConfig = (.*);</script>}', $body, $match), $body);
        $config = json_decode($match[1], true, 8, JSON_THROW_ON_ERROR);
        self::assertSame(self::USER_ID, $config['user']['id']);
        self::assertSame(hash_hmac('sha256', self::USER_ID, self::SECRET), $config['user']['hash']);
    }
}
