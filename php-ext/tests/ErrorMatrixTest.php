<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Signer;
use Userhash\UserhashError;

/**
 * tests/vectors/errors.json: every case PHP can express gives its stable code, or for huge
 * inputs the hash, which hash_hmac must agree with.
 */
final class ErrorMatrixTest extends TestCase
{
    /**
     * Secret decoders of the core that the C ABI, and so this package, does not offer: PHP
     * decodes with hex2bin() / base64_decode() and passes the key to Signer::fromBytes().
     */
    private const NOT_OFFERED = ['secret_from_hex', 'secret_from_base64'];

    /** @return array<string, mixed> */
    private static function matrix(): array
    {
        return Vectors::load('errors.json');
    }

    /** @param array<string, mixed> $case */
    private static function applies(array $case): bool
    {
        return !in_array($case['call'], self::NOT_OFFERED, true)
            && in_array('php', $case['applies_to'] ?? ['php'], true);
    }

    /** @param array<string, mixed> $input */
    private static function value(array $input): mixed
    {
        return match (array_key_first($input)) {
            'text' => $input['text'],
            'bytes_hex' => hex2bin($input['bytes_hex']),
            'repeat' => str_repeat($input['repeat'], $input['count']),
            'float' => (float) $input['float'],
            'bool' => $input['bool'],
            'null' => null,
        };
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function cases(): iterable
    {
        foreach (self::matrix()['cases'] as $i => $case) {
            if (self::applies($case)) {
                yield "#{$i} {$case['name']}" => [$case];
            }
        }
    }

    public function testOnlyUnofferedCallsAndInputsPhpCannotHoldAreLeftOut(): void
    {
        $reasons = [];
        foreach (self::matrix()['cases'] as $case) {
            if (!self::applies($case)) {
                $reasons[] = in_array($case['call'], self::NOT_OFFERED, true) ? $case['call'] : array_key_first($case['user_id']);
            }
        }
        $reasons = array_values(array_unique($reasons));
        sort($reasons);
        // int beyond 64 bits (a PHP float) and lone UTF-16 surrogates (PHP strings are bytes).
        self::assertSame(['int', 'secret_from_base64', 'secret_from_hex', 'utf16'], $reasons);
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testCase(array $case): void
    {
        $run = function () use ($case): mixed {
            $secret = $case['secret'];
            $signer = match (array_key_first($secret)) {
                'env' => Signer::fromEnv($secret['env']),
                'bytes_hex' => Signer::fromBytes((string) hex2bin($secret['bytes_hex'])),
                default => new Signer(self::value($secret)),
            };
            $userId = self::value($case['user_id']);
            return $case['call'] === 'verify' ? $signer->verify($userId, $case['hash']) : $signer->sign($userId);
        };
        if (isset($case['code'])) {
            try {
                $run();
                self::fail("expected {$case['code']}");
            } catch (UserhashError $e) {
                self::assertSame($case['code'], $e->getErrorCode());
            }
            return;
        }
        $oracle = hash_hmac('sha256', self::value($case['user_id']), self::value($case['secret']));
        self::assertSame($case['hash'], $oracle, 'hash_hmac agrees with the matrix');
        self::assertSame($oracle, $run());
    }

    public function testHashesThatNeverVerify(): void
    {
        $signer = new Signer('k');
        foreach (self::matrix()['verify_false'] as $case) {
            self::assertFalse($signer->verify('user123', $case['hash']), $case['name']);
            self::assertFalse(\Userhash\verify('k', 'user123', $case['hash']), $case['name']);
        }
    }
}
