<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Keyring;

/** The README's examples that a test can run. */
final class ReadmeTest extends TestCase
{
    /** The README's ```php block that starts with `$start`. */
    private static function block(string $start): string
    {
        $readme = (string) file_get_contents(dirname(__DIR__) . '/README.md');
        self::assertSame(1, preg_match('/^```php\n(' . preg_quote($start, '/') . '.*?)^```$/ms', $readme, $m), "no block starting with {$start}");
        return $m[1];
    }

    public function testTheFailureLoggingExampleWritesOneLinePerFailure(): void
    {
        $logger = new class () {
            /** @var list<string> */
            public array $lines = [];

            public function warning(string $message): void
            {
                $this->lines[] = $message;
            }
        };
        $keyring = new Keyring('current', 'your_secret_key');
        (static function (Keyring $keyring, object $logger, string $example): void {
            eval($example);
        })($keyring, $logger, self::block('$keyring->onFailure('));

        $forged = "mallory\n[2026-11-21 10:00:00] app.INFO: admin logged in\r\x1b[2K\u{2028}";
        $keyring->verify($forged, "ab\ncd\x00");
        $keyring->verify('user123', null);
        self::assertCount(2, $logger->lines);
        foreach ($logger->lines as $line) {
            self::assertSame(0, preg_match('/[\x00-\x1f\x7f]|\xe2\x80[\xa8\xa9]/', $line), "a control character or line separator in {$line}");
        }
        self::assertSame(
            'identity check failed: malformed hash_wrong_length user="mallory\n[2026-11-21 10:00:00] app.INFO: admin logged in\r\u001b[2K\u2028" hash="ab\ncd\u0000"',
            $logger->lines[0],
        );
        self::assertSame('identity check failed: missing - user="user123" hash=""', $logger->lines[1]);
    }
}
