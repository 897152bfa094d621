<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Keyring;
use Userhash\UserhashException;
use Userhash\Verification;

/**
 * Every `token` vector of tests/vectors/vectors.json: the token issued byte for byte, and
 * each check at its `now` and leeway (verified up to EXPIRES_AT - 1 + leeway, expired from
 * EXPIRES_AT + leeway on), every rejection with its outcome and reason.
 */
final class TokenTest extends TestCase
{
    private const SEED_SECRET = 'your_secret_key';

    /** @return iterable<string, array{array<string, mixed>}> */
    public function cases(): iterable
    {
        return Vectors::cases(['token', 'cases']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function rejections(): iterable
    {
        return Vectors::cases(['token', 'rejections']);
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testTokenVector(array $case): void
    {
        $userId = (string) hex2bin($case['user_id_hex']);
        $expiresAt = filter_var($case['expires_at'], FILTER_VALIDATE_INT);
        self::assertIsInt($expiresAt);
        $keyrings = [Keyring::fromBytes('k', (string) hex2bin($case['secret_hex']))];
        if (isset($case['secret_text'])) {
            $keyrings[] = new Keyring('k', $case['secret_text']);
        }
        foreach ($keyrings as $keyring) {
            self::assertSame($case['token'], $keyring->issueTokenAt($userId, $expiresAt));
            foreach ($case['checks'] as $check) {
                $now = filter_var($check['now'], FILTER_VALIDATE_INT);
                self::assertIsInt($now);
                $expected = new Verification($check['outcome'], 'k');
                self::assertEquals(
                    $expected,
                    $keyring->verifyToken($userId, $case['token'], $check['leeway'], $now),
                    "now {$check['now']} leeway {$check['leeway']}",
                );
            }
        }
    }

    /**
     * The documented boundary on every vector: with leeway 0, verified at EXPIRES_AT - 1 and
     * expired at EXPIRES_AT; with leeway L, verified at EXPIRES_AT + L - 1, expired at + L.
     *
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testTokensExpireExactlyAtTheBoundary(array $case): void
    {
        $userId = (string) hex2bin($case['user_id_hex']);
        $expiresAt = (int) $case['expires_at'];
        $keyring = Keyring::fromBytes('k', (string) hex2bin($case['secret_hex']));
        $at = fn (int $now, int $leeway): string => $keyring->verifyToken($userId, $case['token'], $leeway, $now)->outcome;
        self::assertSame('verified', $at($expiresAt - 1, 0));
        self::assertSame('expired', $at($expiresAt, 0));
        if ($expiresAt <= PHP_INT_MAX - 30) {
            self::assertSame('verified', $at($expiresAt + 29, 30));
            self::assertSame('expired', $at($expiresAt + 30, 30));
        }
    }

    /**
     * @dataProvider rejections
     * @param array<string, mixed> $case
     */
    public function testRejection(array $case): void
    {
        $keyring = new Keyring('k', self::SEED_SECRET);
        $result = $keyring->verifyToken('user123', $case['token'], 0, 1767225599);
        $keyId = $case['outcome'] === 'verified' ? 'k' : null;
        self::assertEquals(new Verification($case['outcome'], $keyId, $case['reason']), $result);
    }

    public function testIssueTokenWithATtl(): void
    {
        $keyring = new Keyring('k', self::SEED_SECRET);
        $before = time();
        $token = $keyring->issueToken('user123', 3600);
        self::assertMatchesRegularExpression('/^v1\.[0-9]+\.[0-9a-f]{64}$/D', $token);
        $expiresAt = (int) explode('.', $token)[1];
        self::assertGreaterThanOrEqual($before + 3600, $expiresAt);
        self::assertLessThanOrEqual(time() + 3600, $expiresAt);
        self::assertTrue($keyring->verifyToken('user123', $token)->isVerified());
        self::assertSame('expired', $keyring->verifyToken('user123', $token, 0, $expiresAt)->outcome);
        $bad = [
            'invalid_timestamp' => [fn () => $keyring->issueToken('u', -1), fn () => $keyring->issueTokenAt('u', -1),
                fn () => $keyring->verifyToken('u', $token, -1)],
            'timestamp_in_milliseconds' => [fn () => $keyring->issueToken('u', PHP_INT_MAX),
                fn () => $keyring->issueToken('u', 100_000_000_000), fn () => $keyring->issueTokenAt('u', 1_767_225_600_000)],
        ];
        foreach ($bad as $code => $calls) {
            foreach ($calls as $call) {
                try {
                    $call();
                    self::fail("expected {$code}");
                } catch (UserhashException $e) {
                    self::assertSame($code, $e->getErrorCode());
                }
            }
        }
        self::assertStringStartsWith('v1.99999999999.', $keyring->issueTokenAt('u', 99_999_999_999));
    }

    public function testTokensAndWidgetHashesNeverVerifyAsEachOther(): void
    {
        $keyring = new Keyring('k', self::SEED_SECRET);
        $hash = hash_hmac('sha256', 'user123', self::SEED_SECRET);
        $token = $keyring->issueTokenAt('user123', 1767225600);
        $mac = substr($token, strrpos($token, '.') + 1);
        self::assertSame('mismatch', $keyring->verifyDetailed('user123', $mac, 1767225599)->outcome);
        self::assertEquals(new Verification('malformed', null, 'token_version'), $keyring->verifyToken('user123', $hash, 0, 1767225599));
        self::assertSame('mismatch', $keyring->verifyToken('user123', "v1.1767225600.{$hash}", 0, 1767225599)->outcome);
    }

    public function testTokensRotateLikeHashes(): void
    {
        $token = (new Keyring('old', 'old'))->issueTokenAt('u', 1767225600 + 86400);
        $keyring = (new Keyring('new', 'new'))->add('old', 'old', notAfter: 1767225610);
        self::assertEquals(new Verification('verified', 'old'), $keyring->verifyToken('u', $token, 0, 1767225600));
        self::assertEquals(new Verification('expired', 'old'), $keyring->verifyToken('u', $token, 0, 1767225610));
    }
}
