<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Native;
use Userhash\Signer;
use Userhash\UserhashException;

final class ErrorsTest extends TestCase
{
    private const SECRET = 'your_secret_key';

    /** Runs `$call` and checks it throws the C result named `$code`. */
    private static function assertUserhashError(string $code, callable $call): UserhashException
    {
        try {
            $call();
        } catch (UserhashException $e) {
            self::assertSame($code, $e->getErrorCode());
            $constant = 'USERHASH_RESULT_' . strtoupper($code);
            self::assertSame(Native::ffi()->$constant, $e->getCode(), 'getCode() is the C result value');
            self::assertStringEndsWith("[{$code}]", $e->getMessage());
            return $e;
        }
        self::fail("expected {$code}");
    }

    public function testSecretErrors(): void
    {
        self::assertUserhashError('empty_secret', fn () => new Signer(''));
        self::assertUserhashError('empty_secret', fn () => Signer::fromBytes(''));
        self::assertUserhashError('empty_secret', fn () => \Userhash\sign('', 'user123'));
        self::assertUserhashError('secret_whitespace', fn () => new Signer(self::SECRET . "\n"));
        self::assertUserhashError('secret_whitespace', fn () => new Signer(' ' . self::SECRET));
        self::assertUserhashError('secret_whitespace', fn () => \Userhash\verify(self::SECRET . "\r\n", 'u', 'h'));
        self::assertUserhashError('secret_not_utf8', fn () => new Signer("caf\xe9"));
    }

    public function testRawBytesKeepWhatTextRefuses(): void
    {
        $key = self::SECRET . "\n";
        self::assertSame(hash_hmac('sha256', 'user123', $key), Signer::fromBytes($key)->sign('user123'));
    }

    public function testEmptyUserIdIsAnErrorEverywhere(): void
    {
        $signer = new Signer(self::SECRET);
        self::assertUserhashError('empty_user_id', fn () => $signer->sign(''));
        self::assertUserhashError('empty_user_id', fn () => $signer->verify('', str_repeat('0', 64)));
        self::assertUserhashError('empty_user_id', fn () => $signer->signMany(['a', '']));
        self::assertUserhashError('empty_user_id', fn () => \Userhash\sign(self::SECRET, ''));
        self::assertUserhashError('empty_user_id', fn () => \Userhash\verify(self::SECRET, '', 'x'));
    }

    public function testMalformedHashesAreFalseNotErrors(): void
    {
        $signer = new Signer(self::SECRET);
        $good = hash_hmac('sha256', 'user123', self::SECRET);
        foreach (['', 'v1,', $good . ' ', substr($good, 0, 63) . 'g', $good . $good, "\0"] as $hash) {
            self::assertFalse($signer->verify('user123', $hash));
        }
    }

    public function testAMissingHashIsFalseOrMissingEverywhere(): void
    {
        // A form or JSON field the request did not send arrives as null.
        $signer = new Signer(self::SECRET);
        $keyring = new \Userhash\Keyring('k', self::SECRET);
        self::assertFalse($signer->verify('user123', null));
        self::assertFalse(\Userhash\verify(self::SECRET, 'user123', null));
        self::assertFalse($keyring->verify('user123', null));
        self::assertSame('missing', $keyring->verifyDetailed('user123', null)->outcome);
        self::assertSame('missing', $keyring->verifyToken('user123', null)->outcome);
        self::assertSame('missing_hash', $keyring->explain('user123', null)->code);
        self::assertSame('missing_hash', \Userhash\explain(self::SECRET, 'user123', null)->code);
        self::assertUserhashError('empty_user_id', fn () => $signer->verify('', null));
    }

    public function testFromEnv(): void
    {
        $e = self::assertUserhashError('missing_env', fn () => Signer::fromEnv('USERHASH_TEST_UNSET'));
        self::assertStringContainsString('USERHASH_TEST_UNSET', $e->getMessage());

        putenv('USERHASH_TEST_SECRET=' . self::SECRET);
        try {
            self::assertSame(hash_hmac('sha256', 'user123', self::SECRET), Signer::fromEnv('USERHASH_TEST_SECRET')->sign('user123'));
            putenv("USERHASH_TEST_SECRET=" . self::SECRET . "\n");
            self::assertUserhashError('secret_whitespace', fn () => Signer::fromEnv('USERHASH_TEST_SECRET'));
        } finally {
            putenv('USERHASH_TEST_SECRET');
        }
    }

    public function testIntegerIdsUseTheCanonicalDecimalForm(): void
    {
        $signer = new Signer(self::SECRET);
        foreach ([0, 7, -42, PHP_INT_MAX, PHP_INT_MIN] as $n) {
            $oracle = hash_hmac('sha256', (string) $n, self::SECRET);
            self::assertSame($oracle, $signer->sign($n));
            self::assertTrue($signer->verify($n, $oracle));
            self::assertSame($oracle, \Userhash\sign(self::SECRET, $n));
            self::assertTrue(\Userhash\verify(self::SECRET, $n, $oracle));
        }
        self::assertSame($signer->signMany(['42', '-1']), $signer->signMany([42, -1]));
    }

    /** @return iterable<string, array{mixed}> */
    public function notAnId(): iterable
    {
        yield 'float' => [42.0];
        yield 'true' => [true];
        yield 'null' => [null];
        yield 'array' => [['user123']];
        yield 'Stringable' => [new class () {
            public function __toString(): string
            {
                return 'user123';
            }
        }];
    }

    /** @dataProvider notAnId */
    public function testOtherTypesAreTypeErrors(mixed $id): void
    {
        $signer = new Signer(self::SECRET);
        $calls = [
            'Userhash\Signer::sign' => fn () => $signer->sign($id),
            'Userhash\Signer::verify' => fn () => $signer->verify($id, str_repeat('0', 64)),
            'Userhash\Signer::signMany' => fn () => $signer->signMany(['ok', $id]),
            'Userhash\sign' => fn () => \Userhash\sign(self::SECRET, $id),
            'Userhash\verify' => fn () => \Userhash\verify(self::SECRET, $id, 'x'),
        ];
        foreach ($calls as $name => $call) {
            try {
                $call();
                self::fail("{$name} accepted " . get_debug_type($id));
            } catch (\TypeError $e) {
                self::assertStringContainsString('must be of type string|int, ' . get_debug_type($id) . ' given', $e->getMessage());
                self::assertInstanceOf(\Userhash\UserhashError::class, $e);
                self::assertSame('invalid_user_id_type', $e->getErrorCode());
                self::assertSame(Native::ffi()->USERHASH_RESULT_INVALID_USER_ID_TYPE, $e->getCode());
            }
        }
    }

    public function testResultCodesMatchTheCLibrary(): void
    {
        $ffi = Native::ffi();
        self::assertSame('empty_user_id', $ffi->userhash_result_code($ffi->USERHASH_RESULT_EMPTY_USER_ID));
        self::assertNull($ffi->userhash_result_code(99));
    }

    public function testContractAgreesWithTheCLibraryAndPicksTheClass(): void
    {
        $ffi = Native::ffi();
        foreach (\Userhash\Contract::ERRORS as $value => [$code, $category]) {
            self::assertSame($code, $ffi->userhash_result_code($value));
            $e = Native::error($value, 'a message');
            self::assertSame($code, $e->getErrorCode());
            self::assertSame($value, $e->getCode());
            self::assertSame("a message [{$code}]", $e->getMessage());
            self::assertInstanceOf($category === 'user_id_type' ? \TypeError::class : \RuntimeException::class, $e);
        }
        foreach (\Userhash\Contract::OUTCOMES as $value => $name) {
            self::assertSame($name, $ffi->userhash_outcome_name($value));
        }
    }

    /** The message is the C library's, with its details: the core's template, filled in. */
    public function testMessagesAreTheCoresWithTheirDetails(): void
    {
        $contract = json_decode((string) file_get_contents(__DIR__ . '/../../contract.json'), true, 512, JSON_THROW_ON_ERROR);
        $template = fn (string $code): string => array_column($contract['errors'], 'message', 'code')[$code];
        $keyring = new \Userhash\Keyring('k', self::SECRET);
        $cases = [
            ['duplicate_key_id', '"k"', fn () => $keyring->add('k', 'other')],
            ['invalid_timestamp', 'the ttl', fn () => $keyring->issueToken('u', -1)],
            ['invalid_timestamp', 'the leeway', fn () => $keyring->verifyToken('u', 'v1.1.x', -1)],
            ['invalid_timestamp', 'not_after', fn () => $keyring->add('old', 'old', notAfter: -1)],
            ['empty_user_id', '', fn () => $keyring->sign('')],
        ];
        foreach ($cases as [$code, $detail, $call]) {
            $e = self::assertUserhashError($code, $call);
            $expected = str_replace(['{0:?}', '{0}'], $detail, $template($code));
            self::assertSame("{$expected} [{$code}]", $e->getMessage());
        }
        putenv('USERHASH_SECRET');
        $e = self::assertUserhashError('missing_env', fn () => \Userhash\Keyring::fromEnv());
        self::assertSame(str_replace('{0}', 'USERHASH_SECRET', $template('missing_env')) . ' [missing_env]', $e->getMessage());
        $e = self::assertUserhashError('missing_env', fn () => Signer::fromEnv('USERHASH_TEST_UNSET'));
        self::assertSame(str_replace('{0}', 'USERHASH_TEST_UNSET', $template('missing_env')) . ' [missing_env]', $e->getMessage());
    }

    public function testGenerateSecret(): void
    {
        $a = \Userhash\generateSecret();
        $b = \Userhash\generateSecret();
        self::assertMatchesRegularExpression('/\A[0-9a-f]{64}\z/', $a);
        self::assertNotSame($a, $b);
        self::assertSame(hash_hmac('sha256', 'user123', $a), (new Signer($a))->sign('user123'));
    }

    public function testVersionIsTheComposerVersion(): void
    {
        $composer = json_decode((string) file_get_contents(__DIR__ . '/../composer.json'), true, 512, JSON_THROW_ON_ERROR);
        self::assertSame($composer['version'], \Userhash\version());
    }

    public function testSignersCannotBeClonedOrSerialized(): void
    {
        $signer = new Signer(self::SECRET);
        try {
            $copy = clone $signer;
            self::fail('a clone would free the handle twice');
        } catch (\Error $e) {
            self::assertStringContainsString('private', $e->getMessage());
        }
        try {
            serialize($signer);
            self::fail('serialized a native handle');
        } catch (\LogicException) {
        }
        self::assertSame(hash_hmac('sha256', 'user123', self::SECRET), $signer->sign('user123'), 'the handle is intact');
    }
}
