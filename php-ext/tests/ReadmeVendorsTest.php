<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The Vendors section of the README: one complete script per vendor, each block found by
 * scripts/readme-block under its `<!-- test: php-vendor-NAME -->` line and run as written, from
 * a directory whose vendor/autoload.php loads this package, printing exactly the lines of its
 * `// → ` comments.
 */
final class ReadmeVendorsTest extends TestCase
{
    private const VENDORS = ['intercom', 'intercom-jwt', 'chatwoot', 'crisp', 'helpscout', 'front', 'pylon', 'zendesk', 'canny', 'featurebase'];

    private static function readme(): string
    {
        return \dirname(__DIR__) . '/README.md';
    }

    public function testEveryVendorHasAnExample(): void
    {
        preg_match_all('/^<!-- test: php-vendor-(\S+) -->$/m', (string) file_get_contents(self::readme()), $m);
        self::assertSame(self::VENDORS, $m[1]);
    }

    /** @return iterable<string, array{string}> */
    public function vendors(): iterable
    {
        foreach (self::VENDORS as $vendor) {
            yield $vendor => [$vendor];
        }
    }

    /** @dataProvider vendors */
    public function testTheExampleRunsAsWritten(string $vendor): void
    {
        $readmeBlock = \dirname(__DIR__, 2) . '/scripts/readme-block';
        exec(implode(' ', array_map('escapeshellarg', [$readmeBlock, self::readme(), "php-vendor-{$vendor}"])), $lines, $status);
        self::assertSame(0, $status);
        $block = implode("\n", $lines) . "\n";
        preg_match_all('~^// → (.*)$~m', $block, $m);
        self::assertNotEmpty($m[1]);

        $app = sys_get_temp_dir() . '/userhash-readme-' . bin2hex(random_bytes(6));
        mkdir("{$app}/vendor", 0777, true);
        try {
            file_put_contents("{$app}/vendor/autoload.php", '<?php require ' . var_export(\dirname(__DIR__) . '/autoload.php', true) . ";\n");
            file_put_contents("{$app}/example.php", $block);
            $process = proc_open([PHP_BINARY, 'example.php'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $app,
                Process::env(['USERHASH_LIB' => (string) getenv('USERHASH_LIB')]));
            $out = (string) stream_get_contents($pipes[1]);
            $err = (string) stream_get_contents($pipes[2]);
            fclose($pipes[1]);
            fclose($pipes[2]);
            self::assertSame(0, proc_close($process), "the {$vendor} example failed:\n{$out}{$err}");
            self::assertSame('', $err);
            self::assertSame($m[1], explode("\n", rtrim($out, "\n")));
        } finally {
            array_map('unlink', ["{$app}/vendor/autoload.php", "{$app}/example.php"]);
            rmdir("{$app}/vendor");
            rmdir($app);
        }
    }
}
