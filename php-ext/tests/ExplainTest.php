<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Finding;
use Userhash\Keyring;
use Userhash\UserhashException;

/**
 * explain names each known mistake: the table of crates/userhash/tests/explain.rs, with the
 * "wrong" hashes made the way the mistaken code makes them, by hash_hmac.
 */
final class ExplainTest extends TestCase
{
    private const KEY = 'your_secret_key';

    private static function hmac(string $key, string $id): string
    {
        return hash_hmac('sha256', $id, $key);
    }

    /** @return iterable<string, array{string, string, string, ?string}> */
    public function mistakes(): iterable
    {
        $right = self::hmac(self::KEY, 'user123');
        $cases = [
            ['verified', 'user123', $right, null],
            ['missing_hash', 'user123', '', null],
            ['hash_whitespace', 'user123', "{$right}\n", null],
            ['uppercase_hash', 'user123', strtoupper($right), null],
            ['truncated_hash', 'user123', substr($right, 0, 40), null],
            ['malformed_hash', 'user123', 'not a hash', null],
            ['id_whitespace', 'user123', self::hmac(self::KEY, "user123\n"), null],
            ['id_whitespace', 'user123', self::hmac(self::KEY, ' user123'), null],
            ['id_whitespace', ' user123 ', self::hmac(self::KEY, 'user123'), null],
            ['id_case', 'User123', self::hmac(self::KEY, 'user123'), null],
            ['id_case', 'abc', self::hmac(self::KEY, 'ABC'), null],
            ['id_number_format', '42', self::hmac(self::KEY, '42.0'), null],
            ['id_number_format', '42.0', self::hmac(self::KEY, '42'), null],
            ['id_number_format', '42', self::hmac(self::KEY, '042'), null],
            ['email_instead_of_id', 'user123', self::hmac(self::KEY, 'jo@example.com'), 'jo@example.com'],
            ['secret_whitespace', 'user123', self::hmac(self::KEY . "\n", 'user123'), null],
            ['secret_whitespace', 'user123', self::hmac(self::KEY . "\r\n", 'user123'), null],
            ['unknown', 'user123', self::hmac('another key', 'user123'), null],
        ];
        foreach ($cases as $i => $case) {
            yield "#{$i} {$case[0]}" => $case;
        }
    }

    /** @dataProvider mistakes */
    public function testEachKnownMistakeIsNamed(string $code, string $userId, string $hash, ?string $email): void
    {
        $keyring = Keyring::fromBytes('current', self::KEY);
        foreach ([$keyring->explain($userId, $hash, $email), \Userhash\explain(self::KEY, $userId, $hash, $email)] as $finding) {
            self::assertInstanceOf(Finding::class, $finding);
            self::assertSame($code, $finding->code, $finding->message);
            self::assertNotSame('', $finding->message);
            self::assertStringNotContainsString(self::KEY, $finding->message);
        }
    }

    public function testSecretMeantAsHexOrBase64(): void
    {
        $hexText = 'deadbeefcafe0123';
        $explain = fn (string $serverKey, string $vendorKey): string =>
            Keyring::fromBytes('k', $serverKey)->explain('u', self::hmac($vendorKey, 'u'))->code;
        self::assertSame('secret_encoding', $explain($hexText, (string) hex2bin($hexText)));
        self::assertSame('secret_encoding', $explain((string) hex2bin($hexText), $hexText));
        self::assertSame('secret_encoding', $explain('c2VjcmV0LWtleS1ieXRlcw==', 'secret-key-bytes'));
    }

    public function testOtherAndRetiredKeysOfAKeyring(): void
    {
        $keyring = (new Keyring('new', 'new'))->add('old', 'old', notAfter: 100);
        $oldHash = self::hmac('old', 'u');
        self::assertSame('other_key', $keyring->explain('u', $oldHash, null, 99)->code);
        self::assertSame('retired_key', $keyring->explain('u', $oldHash, null, 100)->code);
        self::assertSame('id_case', $keyring->explain('u', self::hmac('old', 'U'), null, 99)->code);
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
