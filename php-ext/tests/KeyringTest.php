<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\FailureEvent;
use Userhash\Keyring;
use Userhash\UserhashException;
use Userhash\Verification;

/**
 * Keyrings: a rotation walked end to end, key windows, detailed outcomes, fromEnv and the
 * failure hook. Every expected hash comes from hash_hmac.
 */
final class KeyringTest extends TestCase
{
    private const T0 = 1767225600;
    private const DAY = 86400;

    private static function hmac(string $secret, string $id): string
    {
        return hash_hmac('sha256', $id, $secret);
    }

    private static function code(callable $call): string
    {
        try {
            $call();
        } catch (UserhashException $e) {
            return $e->getErrorCode();
        }
        self::fail('expected a UserhashException');
    }

    public function testARotationWalkedEndToEnd(): void
    {
        // Before: only the old key.
        $before = new Keyring('old', 'old-secret');
        $oldHash = $before->sign('user123');
        self::assertSame(self::hmac('old-secret', 'user123'), $oldHash);

        // Rotate: the new key signs; the old one verifies for 24 more hours.
        $during = (new Keyring('new', 'new-secret'))->add('old', 'old-secret', notAfter: self::T0 + self::DAY);
        $newHash = $during->sign('user123');
        self::assertSame(self::hmac('new-secret', 'user123'), $newHash);
        self::assertSame(['new', 'old'], $during->keyIds());
        self::assertSame('new', $during->primaryId());

        $at = fn (string $hash, int $t): Verification => $during->verifyDetailed('user123', $hash, $t);
        self::assertEquals(new Verification('verified', 'new'), $at($newHash, self::T0));
        self::assertEquals(new Verification('verified', 'old'), $at($oldHash, self::T0));
        self::assertEquals(new Verification('verified', 'old'), $at($oldHash, self::T0 + self::DAY - 1));
        self::assertEquals(new Verification('expired', 'old'), $at($oldHash, self::T0 + self::DAY));
        self::assertEquals(new Verification('verified', 'new'), $at($newHash, self::T0 + 365 * self::DAY));
        self::assertEquals(new Verification('mismatch'), $at(self::hmac('old-secret', 'user124'), self::T0));
        self::assertTrue($during->verify('user123', $oldHash, self::T0 + self::DAY - 1));
        self::assertFalse($during->verify('user123', $oldHash, self::T0 + self::DAY));
        // At the current time (2026 or later, past T0 + 1 day) the old key is retired.
        self::assertSame('expired', $during->verifyDetailed('user123', $oldHash)->outcome);
        self::assertTrue($during->verify('user123', $newHash));
    }

    public function testNotBeforeDelaysAKey(): void
    {
        $keyring = (new Keyring('a', 'a'))->add('b', 'b', notBefore: self::T0);
        $bHash = self::hmac('b', 'u');
        self::assertSame('expired', $keyring->verifyDetailed('u', $bHash, self::T0 - 1)->outcome);
        self::assertEquals(new Verification('verified', 'b'), $keyring->verifyDetailed('u', $bHash, self::T0));
    }

    public function testByteKeysAndIntegerIds(): void
    {
        $key = "\x00\xff binary\n";
        $keyring = Keyring::fromBytes('bin', $key)->addBytes('other', "\x01");
        self::assertSame(hash_hmac('sha256', '42', $key), $keyring->sign(42));
        self::assertTrue($keyring->verify(42, hash_hmac('sha256', '42', "\x01")));
        self::assertSame('secret_not_utf8', self::code(fn () => new Keyring('k', $key)));
        self::assertSame('secret_whitespace', self::code(fn () => new Keyring('k', "binary\n")));
    }

    public function testConstructionErrors(): void
    {
        $keyring = new Keyring('a', 'a');
        self::assertSame('duplicate_key_id', self::code(fn () => $keyring->add('a', 'b')));
        self::assertSame('empty_key_id', self::code(fn () => $keyring->add('', 'b')));
        self::assertSame('invalid_key_window', self::code(fn () => $keyring->add('c', 'c', self::T0, self::T0)));
        self::assertSame('text_not_utf8', self::code(fn () => $keyring->add("\xff", 'c')));
        self::assertSame('empty_key_id', self::code(fn () => new Keyring('', 'a')));
        self::assertSame('empty_secret', self::code(fn () => Keyring::fromBytes('k', '')));
        self::assertSame(['a'], $keyring->keyIds(), 'failed adds add nothing');
    }

    public function testDetailedOutcomesForMissingAndMalformedHashes(): void
    {
        $keyring = new Keyring('k', 'k');
        $check = fn (string $hash): Verification => $keyring->verifyDetailed('u', $hash, self::T0);
        self::assertEquals(new Verification('missing'), $check(''));
        self::assertEquals(new Verification('malformed', null, 'hash_wrong_length'), $check('   '));
        self::assertEquals(new Verification('malformed', null, 'hash_not_hex'), $check(str_repeat('z', 64)));
        self::assertEquals(new Verification('mismatch'), $check(str_repeat('0', 64)));
        self::assertEquals(new Verification('verified', 'k'), $check(strtoupper(self::hmac('k', 'u'))));
        self::assertFalse($keyring->verify('u', ''), 'a blank hash never passes');
        self::assertSame('empty_user_id', self::code(fn () => $keyring->verifyDetailed('', 'x')));
        self::assertSame('malformed [hash_not_hex]', (string) $check(str_repeat('z', 64)));
        self::assertSame('verified (key k)', (string) $check(self::hmac('k', 'u')));
        self::assertSame(
            [Verification::VERIFIED, Verification::MISSING, Verification::MALFORMED, Verification::MISMATCH, Verification::EXPIRED],
            array_map(fn (int $o): string => (string) \Userhash\Native::ffi()->userhash_outcome_name($o), [1, 2, 3, 4, 5]),
            'the constants are the C library\'s outcome names',
        );
    }

    public function testTheFailureHookSeesFailuresWithoutSecretOrWholeHash(): void
    {
        /** @var list<FailureEvent> $events */
        $events = [];
        $keyring = (new Keyring('k', 'hunter2-secret'))->add('old', 'old-secret', notAfter: self::T0);
        $keyring->onFailure(function (FailureEvent $e) use (&$events): void {
            $events[] = $e;
        });
        $good = $keyring->sign('user123');
        $wrong = $keyring->sign('user124');
        $keyring->verifyDetailed('user123', $good, self::T0);
        $keyring->verifyDetailed('user123', $wrong, self::T0);
        $keyring->verifyDetailed('user123', '', self::T0);
        $keyring->verifyToken('user123', 'v9.x', 0, self::T0);
        $keyring->verifyDetailed('user123', self::hmac('old-secret', 'user123'), self::T0);
        $keyring->explain('user123', $wrong);
        self::assertEquals([
            new FailureEvent('mismatch', null, null, 'user123', substr($wrong, 0, 8)),
            new FailureEvent('missing', null, null, 'user123', ''),
            new FailureEvent('malformed', 'token_version', null, 'user123', 'v9.x'),
            new FailureEvent('expired', null, 'old', 'user123', substr(self::hmac('old-secret', 'user123'), 0, 8)),
            new FailureEvent('mismatch', null, null, 'user123', substr($wrong, 0, 8)),
        ], $events, 'failures only, explain\'s included');
        $shown = print_r($events, true);
        self::assertStringNotContainsString($wrong, $shown);
        self::assertStringNotContainsString('hunter2', $shown);

        $keyring->onFailure(null);
        $keyring->verifyDetailed('user123', $wrong, self::T0);
        self::assertCount(5, $events, 'a removed hook is not called');
    }

    public function testAnEventsUserIdIsUtf8WithEachInvalidSequenceReplaced(): void
    {
        // As the core's events have it (Rust's from_utf8_lossy): one U+FFFD per maximal
        // invalid subpart, so that json_encode of the id never fails.
        $ids = [];
        $keyring = (new Keyring('k', 'k'))->onFailure(function (FailureEvent $e) use (&$ids): void {
            $ids[] = $e->userId;
        });
        $cases = [
            "plain" => 'plain',
            "a\xffb" => "a\u{FFFD}b",
            "\xe2\x82c" => "\u{FFFD}c",
            "\xed\xa0\x80" => str_repeat("\u{FFFD}", 3),
            "\xf0\x9f\x98\x80\xf0\x9f\x98" => "\u{1F600}\u{FFFD}",
        ];
        foreach (array_keys($cases) as $id) {
            $keyring->verify((string) $id, '');
            $keyring->explain((string) $id, '');
        }
        $expected = array_merge(...array_map(fn (string $text): array => [$text, $text], array_values($cases)));
        self::assertSame($expected, $ids);
    }

    public function testEachKeyringCallsItsOwnHook(): void
    {
        $seen = [];
        $keyrings = [];
        foreach (['a', 'b', 'c'] as $name) {
            $keyrings[$name] = (new Keyring($name, "{$name}-secret"))->onFailure(function (FailureEvent $e) use (&$seen, $name): void {
                $seen[] = "{$name}:{$e->userId}";
            });
        }
        $keyrings['b']->verify('user-b', '');
        unset($keyrings['a']);
        $keyrings['c']->verify('user-c', '');
        $keyrings['b']->verify('user-b2', '');
        self::assertSame(['b:user-b', 'c:user-c', 'b:user-b2'], $seen);
    }

    public function testHooksOfManyKeyringsDoNotAccumulate(): void
    {
        // A hook is a PHP closure the keyring calls itself: nothing is kept per keyring once
        // it is gone (an FFI callback per hook grew a worker by about 1.8 KB each).
        $rss = static function (): int {
            preg_match('/^VmRSS:\s+(\d+)/m', (string) file_get_contents('/proc/self/status'), $m);
            return (int) $m[1];
        };
        $round = static function (): void {
            for ($i = 0; $i < 5000; $i++) {
                (new Keyring('k', 'secret'))->onFailure(static fn () => null)->verify('u', '');
            }
        };
        $round();
        $before = $rss();
        $round();
        self::assertLessThan(2048, $rss() - $before, 'kB grown by 5,000 keyrings with hooks');
    }

    public function testAThrowingHookIsRethrownAfterTheVerification(): void
    {
        $keyring = new Keyring('k', 'k');
        $calls = 0;
        $keyring->onFailure(function () use (&$calls): void {
            $calls++;
            throw new \DomainException('from the hook');
        });
        try {
            $keyring->verify('u', 'bad');
            self::fail('the hook exception is rethrown');
        } catch (\DomainException $e) {
            self::assertSame('from the hook', $e->getMessage());
        }
        self::assertTrue($keyring->verify('u', self::hmac('k', 'u')), 'the next call is not affected');
        self::assertSame(1, $calls);
    }

    public function testExplainReportsItsFailureOnceWhateverTheLengthOfItsMessage(): void
    {
        // The message quotes the id: a long one is read whole, and reported once.
        $events = 0;
        $keyring = (new Keyring('k', 'k'))->onFailure(function () use (&$events): void {
            $events++;
        });
        $id = str_repeat('u', 400);
        $finding = $keyring->explain($id, self::hmac('k', "{$id}\n"));
        self::assertSame('id_whitespace', $finding->code);
        self::assertGreaterThan(400, \strlen($finding->message), 'the whole message');
        self::assertSame(1, $events);
    }

    public function testExplainKeepsItsTimeWhenTheHookVerifiesAtAnother(): void
    {
        // The hook verifies at second 50 before explain (at second 1000) returns its finding.
        $old = str_repeat('o', 300);
        $keyring = (new Keyring('k', 'k'))->add($old, 'old-secret', notAfter: 100);
        $keyring->onFailure(function (FailureEvent $e) use ($keyring): void {
            if ($e->userId === 'user123') {
                $keyring->verifyDetailed('other', '', 50);
            }
        });
        $finding = $keyring->explain('user123', self::hmac('old-secret', 'user123'), now: 1000);
        self::assertSame('retired_key', $finding->code);
        self::assertStringContainsString($old, $finding->message);
    }

    public function testAThrowingHookIsRethrownByExplain(): void
    {
        $keyring = (new Keyring('k', 'k'))->onFailure(function (): void {
            throw new \DomainException('from the hook');
        });
        try {
            $keyring->explain('u', 'bad');
            self::fail('the hook exception is rethrown by explain');
        } catch (\DomainException $e) {
            self::assertSame('from the hook', $e->getMessage());
        }
        self::assertTrue($keyring->verify('u', self::hmac('k', 'u')), 'and not by the next call');
    }

    public function testFromEnvReadsThePreviousSecretWithItsExpiry(): void
    {
        $vars = ['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER'];
        try {
            putenv('USERHASH_SECRET=new-secret');
            putenv('USERHASH_PREVIOUS_SECRET=old-secret');
            putenv('USERHASH_PREVIOUS_SECRET_NOT_AFTER');
            self::assertSame('missing_env', self::code(fn () => Keyring::fromEnv()));
            putenv('USERHASH_PREVIOUS_SECRET_NOT_AFTER=soon');
            self::assertSame('invalid_timestamp', self::code(fn () => Keyring::fromEnv()));
            putenv('USERHASH_PREVIOUS_SECRET_NOT_AFTER=' . (self::T0 + self::DAY));
            $keyring = Keyring::fromEnv();
            self::assertSame(['current', 'previous'], $keyring->keyIds());
            $oldHash = self::hmac('old-secret', 'u');
            self::assertTrue($keyring->verify('u', $oldHash, self::T0));
            self::assertFalse($keyring->verify('u', $oldHash, self::T0 + self::DAY));
            putenv('USERHASH_PREVIOUS_SECRET');
            self::assertSame(['current'], Keyring::fromEnv()->keyIds());
            putenv('USERHASH_SECRET');
            self::assertSame('missing_env', self::code(fn () => Keyring::fromEnv()));
        } finally {
            foreach ($vars as $var) {
                putenv($var);
            }
        }
    }

    /**
     * fromEnv reads the variables with getenv() (for PHP-FPM) and hands them to the C
     * library: it must agree with the C library's own from_env on every form of NOT_AFTER.
     */
    public function testFromEnvParsesNotAfterAsTheCLibraryDoes(): void
    {
        $ffi = \Userhash\Native::ffi();
        try {
            putenv('USERHASH_SECRET=new-secret');
            putenv('USERHASH_PREVIOUS_SECRET=old-secret');
            $forms = ['1767225600', '+1767225600', '-5', '-0', '0', '007', '9223372036854775807',
                '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '', ' 5', '5 ',
                '5.0', '1e3', '0x10', '+', '-', '++5', "5\n", '١٢'];
            foreach ($forms as $form) {
                putenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER={$form}");
                $handle = $ffi->new('userhash_keyring *');
                $c = $ffi->userhash_keyring_from_env(\FFI::addr($handle));
                $ffi->userhash_keyring_free($handle);
                try {
                    $keyring = Keyring::fromEnv();
                    $php = 0;
                } catch (UserhashException $e) {
                    $php = $e->getCode();
                }
                self::assertSame($c, $php, "NOT_AFTER " . json_encode($form));
                if ($c === 0) {
                    // Same window: the old hash verifies one second before NOT_AFTER, not at it.
                    $n = (int) $form;
                    $oldHash = self::hmac('old-secret', 'u');
                    if ($n > PHP_INT_MIN) {
                        self::assertTrue($keyring->verify('u', $oldHash, $n - 1), $form);
                    }
                    self::assertFalse($keyring->verify('u', $oldHash, $n), $form);
                }
            }
        } finally {
            putenv('USERHASH_SECRET');
            putenv('USERHASH_PREVIOUS_SECRET');
            putenv('USERHASH_PREVIOUS_SECRET_NOT_AFTER');
        }
    }

    public function testAKeyringCannotBeClonedOrSerialized(): void
    {
        $keyring = new Keyring('k', 'k');
        try {
            $copy = clone $keyring;
            self::fail('cloned');
        } catch (\Error $e) {
            self::assertStringContainsString('private', $e->getMessage());
        }
        $this->expectException(\LogicException::class);
        serialize($keyring);
    }
}
