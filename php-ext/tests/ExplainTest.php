<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Finding;
use Userhash\Keyring;
use Userhash\UserhashException;

/**
 * explain names each known mistake: every `explain` case of tests/vectors/vectors.json,
 * whose "wrong" hashes are made the way the mistaken code makes them, by Python's hmac.
 */
final class ExplainTest extends TestCase
{
    private const KEY = 'your_secret_key';

    private static function hmac(string $key, string $id): string
    {
        return hash_hmac('sha256', $id, $key);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function cases(): iterable
    {
        return Vectors::cases(['explain', 'cases']);
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testEachKnownMistakeIsNamed(array $case): void
    {
        $keyring = null;
        foreach ($case['keys'] as $key) {
            $secret = (string) hex2bin($key['secret_hex']);
            $keyring = $keyring === null
                ? Keyring::fromBytes($key['id'], $secret)
                : $keyring->addBytes($key['id'], $secret, notAfter: $key['not_after']);
        }
        $findings = [$keyring->explain($case['user_id_text'], $case['hash'], $case['email'], $case['now'])];
        $only = $case['keys'][0];
        if (\count($case['keys']) === 1 && $only['secret_text'] !== null) {
            // Userhash\explain: a one-key keyring at the current time (the key has no window).
            $findings[] = \Userhash\explain($only['secret_text'], $case['user_id_text'], $case['hash'], $case['email']);
        }
        foreach ($findings as $finding) {
            self::assertInstanceOf(Finding::class, $finding);
            self::assertSame($case['finding'], $finding->code, $finding->message);
            self::assertNotSame('', $finding->message);
            foreach ($case['keys'] as $key) {
                self::assertStringNotContainsString((string) hex2bin($key['secret_hex']), $finding->message);
            }
        }
    }

    public function testLongMessagesAreReadWhole(): void
    {
        // The message quotes the id: longer than the first buffer tried.
        $id = str_repeat('x', 2000);
        $finding = Keyring::fromBytes('k', self::KEY)->explain(strtoupper($id), self::hmac(self::KEY, $id));
        self::assertSame('id_case', $finding->code);
        self::assertStringContainsString($id, $finding->message);
    }

    public function testOnlyABadIdOrSecretThrows(): void
    {
        foreach ([
            'empty_user_id' => fn () => \Userhash\explain(self::KEY, '', 'x'),
            'secret_whitespace' => fn () => \Userhash\explain(self::KEY . "\n", 'u', 'x'),
        ] as $code => $call) {
            try {
                $call();
                self::fail("expected {$code}");
            } catch (UserhashException $e) {
                self::assertSame($code, $e->getErrorCode());
            }
        }
    }
}
