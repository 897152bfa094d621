<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Signer;

/**
 * Every case of tests/vectors/vectors.json through the package, with PHP's own hash_hmac
 * as the oracle: the expected value of each assertion is hash_hmac's output, and
 * hash_hmac is itself checked against the vectors file.
 */
final class VectorsTest extends TestCase
{
    /** @return iterable<string, array{array<string, mixed>}> */
    public function signCases(): iterable
    {
        return Vectors::cases(['sign']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function verifyCases(): iterable
    {
        return Vectors::cases(['verify']);
    }

    /**
     * @dataProvider signCases
     * @param array<string, string> $case
     */
    public function testSign(array $case): void
    {
        $secret = (string) hex2bin($case['secret_hex']);
        $userId = (string) hex2bin($case['user_id_hex']);
        $oracle = hash_hmac('sha256', $userId, $secret);
        self::assertSame($case['hash'], $oracle, 'hash_hmac agrees with the vectors file');

        $signer = Signer::fromBytes($secret);
        self::assertSame($oracle, $signer->sign($userId));
        self::assertSame([$oracle, $oracle], $signer->signMany([$userId, $userId]));
        self::assertTrue($signer->verify($userId, $oracle));
        self::assertTrue($signer->verify($userId, strtoupper($oracle)));

        if (isset($case['secret_text'])) {
            self::assertSame($secret, $case['secret_text']);
            self::assertSame($oracle, (new Signer($case['secret_text']))->sign($userId));
            self::assertSame($oracle, \Userhash\sign($case['secret_text'], $userId));
            self::assertTrue(\Userhash\verify($case['secret_text'], $userId, $oracle));
        }

        if (isset($case['user_id_int'])) {
            $int = filter_var($case['user_id_int'], FILTER_VALIDATE_INT);
            if ($int !== false) { // beyond PHP_INT_MAX the string form above covers it
                self::assertSame($oracle, $signer->sign($int));
                self::assertTrue($signer->verify($int, $oracle));
                self::assertSame($oracle, \Userhash\sign($case['secret_text'], $int));
            }
        }
    }

    /**
     * @dataProvider verifyCases
     * @param array<string, mixed> $case
     */
    public function testVerify(array $case): void
    {
        $secret = (string) hex2bin($case['secret_hex']);
        $userId = (string) hex2bin($case['user_id_hex']);
        $oracle = hash_hmac('sha256', $userId, $secret);
        self::assertSame($case['valid'], hash_equals($oracle, strtolower($case['hash'])), 'hash_hmac agrees');

        self::assertSame($case['valid'], Signer::fromBytes($secret)->verify($userId, $case['hash']));
        self::assertSame($case['valid'], \Userhash\verify($case['secret_text'], $userId, $case['hash']));
    }
}
