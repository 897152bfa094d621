<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Signer;

/** The secret never appears in dumps, exports, messages or traces. */
final class RedactionTest extends TestCase
{
    private const SECRET = 'Sup3r-s3cret-widget-key';

    public function testDumpsNeverShowTheSecret(): void
    {
        $signer = new Signer(self::SECRET);
        ob_start();
        var_dump($signer);
        $dumps = [
            ob_get_clean(),
            print_r($signer, true),
            var_export($signer, true),
            json_encode($signer),
        ];
        foreach ($dumps as $dump) {
            self::assertIsString($dump);
            self::assertStringNotContainsString(self::SECRET, $dump);
        }
        self::assertStringContainsString('<redacted>', $dumps[0]);
        self::assertStringContainsString('<redacted>', $dumps[1]);
    }

    public function testErrorsAndTracesNeverShowTheSecret(): void
    {
        self::assertSame('0', ini_get('zend.exception_ignore_args'), 'arguments are recorded in traces');
        $attempts = [
            fn () => new Signer(self::SECRET . "\n"),
            fn () => Signer::fromBytes(''),
            fn () => \Userhash\sign(self::SECRET . ' ', 'user123'),
            fn () => \Userhash\verify(self::SECRET, '', 'x'),
            fn () => \Userhash\sign(self::SECRET, 1.5),
        ];
        foreach ($attempts as $attempt) {
            try {
                $attempt();
                self::fail('expected an error');
            } catch (\Throwable $e) {
                self::assertStringNotContainsString(self::SECRET, (string) $e);
                self::assertStringNotContainsString(self::SECRET, print_r($e->getTrace(), true));
            }
        }
    }
}
