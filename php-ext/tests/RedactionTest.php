<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\FailureEvent;
use Userhash\Keyring;
use Userhash\Signer;
use Userhash\Widget;

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
            fn () => new Keyring('k', self::SECRET . "\n"),
            fn () => (new Keyring('k', self::SECRET))->add('k', self::SECRET),
            fn () => Keyring::fromBytes('', self::SECRET),
            fn () => \Userhash\explain(self::SECRET, '', 'x'),
            fn () => Widget::script(self::SECRET, 'tau', 'app', ['id' => 'u'], nonce: 'bad nonce'),
            fn () => Widget::json(self::SECRET, 'tau', 'app', ['id' => 'u', 'phone' => '123']),
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

    public function testKeyringDumpsNameKeysButNoSecret(): void
    {
        $keyring = (new Keyring('current', self::SECRET))->add('previous', self::SECRET . '-old');
        ob_start();
        var_dump($keyring);
        $dumps = [ob_get_clean(), print_r($keyring, true), var_export($keyring, true), json_encode($keyring)];
        foreach ($dumps as $dump) {
            self::assertIsString($dump);
            self::assertStringNotContainsString(self::SECRET, $dump);
        }
        self::assertStringContainsString('previous', $dumps[0]);
        self::assertStringContainsString('<redacted>', $dumps[1]);
    }

    public function testHookPayloadsNeverHoldTheSecretOrTheWholeHash(): void
    {
        $keyring = (new Keyring('current', self::SECRET))->add('previous', self::SECRET . '-old', notAfter: 1);
        $payloads = [];
        $keyring->onFailure(function (FailureEvent $e) use (&$payloads): void {
            ob_start();
            var_dump($e);
            $payloads[] = ob_get_clean() . print_r($e, true) . json_encode($e);
        });
        $wrong = hash_hmac('sha256', 'user123', 'another key');
        $retired = hash_hmac('sha256', 'user123', self::SECRET . '-old');
        $keyring->verifyDetailed('user123', $wrong);
        $keyring->verifyDetailed('user123', $retired);
        $keyring->verifyToken('user123', 'v1.1.' . $wrong);
        $keyring->verifyDetailed('user123', self::SECRET);
        self::assertCount(4, $payloads);
        foreach ($payloads as $payload) {
            self::assertStringNotContainsString(self::SECRET, $payload);
            self::assertStringNotContainsString($wrong, $payload);
            self::assertStringNotContainsString($retired, $payload);
        }
    }
}
