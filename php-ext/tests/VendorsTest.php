<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Contract;
use Userhash\FailureEvent;
use Userhash\Finding;
use Userhash\JwtVerification;
use Userhash\Keyring;
use Userhash\Preset;
use Userhash\Signer;
use Userhash\UserhashError;
use Userhash\UserIdTypeError;
use Userhash\Widget;

/**
 * Vendor profiles through the keyring: every case of the vectors' sections vendors, jwt.issue,
 * jwt.verify and explain_vendor, the hashes checked with hash_hmac of what contract.json says each
 * profile signs, the failure hook, and misuse. JwtTest checks the tokens with hash_hmac and base64.
 */
final class VendorsTest extends TestCase
{
    private const NOW = 1767225600;

    /** @return array<string, array<string, mixed>> contract.json's presets by name */
    private static function profiles(): array
    {
        return Vectors::profiles();
    }

    /** The HMAC key of a dashboard secret, read as contract.json says the profile reads it. */
    private static function key(string $preset, string $secret): string
    {
        return self::profiles()[$preset]['secret'] === 'hex' ? (string) hex2bin($secret) : $secret;
    }

    /** @return array{Keyring, \ArrayObject<int, FailureEvent>} a keyring whose hook records its events */
    private static function recording(Keyring $keyring): array
    {
        $events = new \ArrayObject();
        $keyring->onFailure(static function (FailureEvent $event) use ($events): void {
            $events[] = $event;
        });
        return [$keyring, $events];
    }

    /** The error code of what `$call` throws. */
    private static function code(callable $call): string
    {
        try {
            $call();
        } catch (UserhashError $e) {
            return $e->getErrorCode();
        }
        self::fail('no UserhashError');
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function vendors(): iterable
    {
        return Vectors::cases(['vendors', 'cases']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function vendorErrors(): iterable
    {
        return Vectors::cases(['vendors', 'errors']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function issue(): iterable
    {
        return Vectors::cases(['jwt', 'issue']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function verify(): iterable
    {
        return Vectors::cases(['jwt', 'verify']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function explainVendor(): iterable
    {
        return Vectors::cases(['explain_vendor', 'cases']);
    }

    public function testThePresetsAreTheContracts(): void
    {
        $presets = array_values(self::profiles());
        self::assertSame(array_column($presets, 'name'), array_map(static fn (Preset $p): string => $p->value, Preset::cases()));
        $jwt = array_column(array_filter($presets, static fn (array $p): bool => $p['token'] === 'jwt'), 'name');
        self::assertSame(array_values($jwt), array_map(static fn (Preset $p): string => $p->value, Preset::JWT));
        foreach (Preset::cases() as $preset) {
            self::assertSame(\in_array($preset->value, $jwt, true), $preset->isJwt());
        }
    }

    /**
     * @dataProvider vendors
     * @param array<string, mixed> $case
     */
    public function testEveryVendorSnippet(array $case): void
    {
        $profile = self::profiles()[$case['preset']];
        $key = self::key($case['preset'], $case['secret_text']);
        $json = $case['json'] ?? 'null'; // null: nothing to identify
        if ($case['user'] !== null && $profile['token'] === 'hash') {
            $hash = hash_hmac('sha256', $case['user'][$profile['signs']], $key);
            self::assertStringContainsString("\"{$hash}\"", $case['json'], 'hash_hmac agrees');
        }
        if ($case['token'] !== null) {
            self::assertStringContainsString("\"{$case['token']}\"", $case['json']);
            self::assertTrue(JwtTest::signedBy($case['token'], $key), 'hash_hmac signed the vector token');
            $claims = JwtTest::part($case['token'], 1);
            self::assertSame($case['now'], $claims['iat']);
            if ($case['preset'] !== 'featurebase') {
                self::assertSame($case['now'] + ($case['ttl'] ?? 3600), $claims['exp']);
            }
        }

        $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
        self::assertSame([$case['key_id']], $keyring->keyIds());
        $args = [$case['preset'], $case['app_id'], $case['user']];
        self::assertSame($json, $keyring->widgetJson(...$args, ttl: $case['ttl'] ?? null, now: $case['now']));
        self::assertSame($case['script'], $keyring->widgetScript(...$args, nonce: $case['nonce'], ttl: $case['ttl'] ?? null, now: $case['now']));
        $enum = Preset::from($case['preset']);
        self::assertSame($case['script'], $keyring->widgetScript($enum, $case['app_id'], $case['user'], $case['nonce'], ttl: $case['ttl'] ?? null, now: $case['now']));

        // A hash profile's snippet through a bare signer too (Pylon's key decoded by hand).
        if ($profile['token'] === 'hash') {
            $signer = $profile['secret'] === 'hex' ? Signer::fromBytes($key) : new Signer($key);
            self::assertSame($json, Widget::json($signer, $enum, $case['app_id'], $case['user']));
        }
    }

    /**
     * @dataProvider vendorErrors
     * @param array<string, mixed> $case
     */
    public function testEveryVendorError(array $case): void
    {
        $args = [$case['preset'], $case['app_id'], $case['user']];
        $options = ['ttl' => $case['ttl'] ?? null, 'now' => $case['now']];
        if ($case['bare_secret'] ?? false) {
            // A signer has no key id for the JWT's kid.
            self::assertSame($case['error'], self::code(static fn () => Widget::script($case['secret_text'], ...$args)));
            $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
            self::assertStringContainsString('.', $keyring->widgetJson(...$args, ...$options)); // a keyring has one
            return;
        }
        if ($case['error'] === 'unknown_preset') {
            self::assertSame($case['error'], self::code(static fn () => Keyring::forPreset($case['preset'], $case['secret_text'])));
            $keyring = new Keyring($case['key_id'], $case['secret_text']);
        } else {
            $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
        }
        self::assertSame($case['error'], self::code(static fn () => $keyring->widgetScript(...$args, ...$options)));
        if ($case['error'] !== 'no_snippet') {
            self::assertSame($case['error'], self::code(static fn () => $keyring->widgetJson(...$args, ...$options)));
        }
    }

    public function testEveryVendorErrorCodeHasAVector(): void
    {
        $codes = array_unique(array_column(Vectors::load()['vendors']['errors'], 'error'));
        sort($codes);
        self::assertSame(['empty_app_id', 'field_not_in_preset', 'missing_email', 'missing_key_id', 'no_snippet', 'unknown_preset'], $codes);
    }

    /**
     * PyJWT's token verifies with its claims, in order; the snippet's token is PyJWT's, byte for byte.
     * @dataProvider issue
     * @param array<string, mixed> $case
     */
    public function testEveryIssueVector(array $case): void
    {
        [$keyring, $events] = self::recording(Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']));
        $result = $keyring->verifyJwt($case['preset'], $case['token'], now: $case['iat']);
        self::assertInstanceOf(JwtVerification::class, $result);
        self::assertSame(['verified', $case['key_id'], null], [$result->outcome, $result->keyId, $result->reason]);
        self::assertTrue($result->isVerified());
        self::assertSame($case['claims'], $result->claims); // members, order and values
        self::assertCount(0, $events);

        // Issued alone: PyJWT's bytes, by name and by Preset.
        self::assertSame($case['token'], $keyring->issueJwt($case['preset'], $case['user'], $case['exp'], $case['iat']));
        self::assertSame($case['token'], $keyring->issueJwt(Preset::from($case['preset']), $case['user'], now: $case['iat'], expiresAt: $case['exp']));

        if ($case['exp'] !== null || $case['preset'] === 'featurebase') {
            $ttl = $case['exp'] === null ? null : $case['exp'] - $case['iat'];
            $appId = self::profiles()[$case['preset']]['app_id'] ? 'app' : '';
            $json = $keyring->widgetJson($case['preset'], $appId, $case['user'], ttl: $ttl, now: $case['iat']);
            self::assertStringContainsString("\"{$case['token']}\"", $json);
        }
    }

    /**
     * @dataProvider verify
     * @param array<string, mixed> $case
     */
    public function testEveryVerifyVector(array $case): void
    {
        [$first] = $case['keys'];
        [$keyring, $events] = self::recording(new Keyring($first['id'], $first['secret_text']));
        foreach (\array_slice($case['keys'], 1) as $key) {
            $keyring->add($key['id'], $key['secret_text'], notAfter: $key['not_after']);
        }
        $result = $keyring->verifyJwt($case['preset'], $case['token'], $case['leeway'], $case['now']);
        self::assertSame([$case['outcome'], $case['reason'], $case['key_id']], [$result->outcome, $result->reason, $result->keyId]);
        if (\in_array($case['outcome'], ['verified', 'expired'], true)) {
            self::assertSame(JwtTest::part($case['token'], 1), $result->claims);
        } else {
            self::assertNull($result->claims);
        }
        if ($case['outcome'] === 'verified') {
            self::assertCount(0, $events);
            return;
        }
        self::assertCount(1, $events);
        $event = $events[0];
        self::assertSame([$case['outcome'], $case['reason'], $case['key_id']], [$event->outcome, $event->reason, $event->keyId]);
        self::assertSame(substr($case['token'], 0, 8), $event->hashPrefix);
        // explain reports the same event.
        $keyring->explainJwt($case['preset'], $case['token'], $case['leeway'], $case['now']);
        self::assertEquals([$event, $event], $events->getArrayCopy());
    }

    /**
     * @dataProvider explainVendor
     * @param array<string, mixed> $case
     */
    public function testEveryExplainVendorVector(array $case): void
    {
        $keyring = $case['secret_text'] !== null ? new Keyring('current', $case['secret_text'])
            : Keyring::forPreset($case['preset'], $case['profile_secret']);
        [$keyring, $events] = self::recording($keyring);
        $finding = $case['token'] !== null
            ? $keyring->explainJwt($case['preset'], $case['token'], now: $case['now'])
            : $keyring->explainPreset($case['preset'], $case['user_id_text'], $case['hash'], $case['email'], $case['now']);
        self::assertInstanceOf(Finding::class, $finding);
        self::assertSame($case['finding'], $finding->code, $finding->message);
        self::assertNotSame('', $finding->message);
        foreach (array_filter([$case['secret_text'], $case['profile_secret']]) as $secret) {
            self::assertStringNotContainsString($secret, $finding->message);
        }
        self::assertCount($case['verifies'] ? 0 : 1, $events);
    }

    /** The hashes of explain_vendor, by hash_hmac: what each mistake hashed. */
    public function testTheExplainVendorHashesAreHashHmacs(): void
    {
        $cases = array_column(Vectors::load()['explain_vendor']['cases'], null, 'name');
        self::assertSame(hash_hmac('sha256', 'user123', 'your_secret_key'), $cases['id_instead_of_email (crisp)']['hash']);
        self::assertSame(hash_hmac('sha256', 'jo@example.com', 'your_secret_key'), $cases['email_instead_of_id (intercom)']['hash']);
        self::assertSame(hash_hmac('sha256', 'jo@example.com', 'your_secret_key'), $cases['verified (helpscout)']['hash']);
        $pylon = $cases['verified (pylon)'];
        self::assertSame(hash_hmac('sha256', 'jo@example.com', (string) hex2bin($pylon['profile_secret'])), $pylon['hash']);
        $undecoded = $cases['hex_secret_not_decoded (pylon)'];
        self::assertSame(hash_hmac('sha256', 'jo@example.com', $undecoded['secret_text']), $undecoded['hash']);
    }

    public function testEveryFindingHasAVector(): void
    {
        $vectors = Vectors::load();
        $findings = array_unique(array_column([...$vectors['explain']['cases'], ...$vectors['explain_vendor']['cases']], 'finding'));
        $expected = Contract::FINDINGS;
        sort($findings);
        sort($expected);
        self::assertSame($expected, $findings);
    }

    public function testPylonReadsItsSecretAsHex(): void
    {
        $hex = '4f3c2a1b0e9d8c7b6a5948372615f4e3d2c1b0a99887766554433221100ffeed';
        self::assertSame(hash_hmac('sha256', 'user123', (string) hex2bin($hex)), Keyring::forPreset(Preset::Pylon, $hex)->sign('user123'));
        self::assertSame(hash_hmac('sha256', 'user123', $hex), Keyring::forPreset(Preset::Crisp, $hex)->sign('user123')); // text elsewhere
        self::assertSame('invalid_secret_hex', self::code(static fn () => Keyring::forPreset(Preset::Pylon, 'not hex')));
        self::assertSame('secret_whitespace', self::code(static fn () => Keyring::forPreset('crisp', "your_secret_key\n")));
        self::assertSame('empty_key_id', self::code(static fn () => Keyring::forPreset('crisp', 'your_secret_key', '')));
    }

    public function testTheDashboardSecretNeverShows(): void
    {
        $secret = 'hunter2-not-hex-zz';
        try {
            Keyring::forPreset(Preset::Pylon, $secret);
            self::fail('not hex');
        } catch (UserhashError $e) {
            self::assertSame('invalid_secret_hex', $e->getErrorCode());
            self::assertStringNotContainsString($secret, $e->getMessage() . print_r($e->getTrace(), true) . $e);
        }
        $keyring = Keyring::forPreset(Preset::Crisp, $secret);
        self::assertStringNotContainsString($secret, print_r($keyring, true) . var_export($keyring, true) . json_encode($keyring));
    }

    public function testTtlAndNow(): void
    {
        $keyring = Keyring::forPreset(Preset::IntercomJwt, 'your_secret_key');
        $user = ['id' => 'user123'];
        $token = json_decode($keyring->widgetJson(Preset::IntercomJwt, 'a', $user, ttl: 60, now: self::NOW), true)['intercom_user_jwt'];
        self::assertSame(['user_id' => 'user123', 'iat' => self::NOW, 'exp' => self::NOW + 60], JwtTest::part($token, 1));
        self::assertSame('verified', $keyring->verifyJwt(Preset::IntercomJwt, $token, now: self::NOW + 59)->outcome);
        self::assertSame('expired', $keyring->verifyJwt(Preset::IntercomJwt, $token, now: self::NOW + 60)->outcome);
        self::assertSame('verified', $keyring->verifyJwt(Preset::IntercomJwt, $token, 1, self::NOW + 60)->outcome);
        // $now defaults to the current time, for the snippet and for verification.
        $before = time();
        $token = json_decode($keyring->widgetJson(Preset::IntercomJwt, 'a', $user), true)['intercom_user_jwt'];
        $claims = JwtTest::part($token, 1);
        self::assertGreaterThanOrEqual($before, $claims['iat']);
        self::assertLessThanOrEqual(time(), $claims['iat']);
        self::assertSame($claims['iat'] + 3600, $claims['exp']);
        self::assertTrue($keyring->verifyJwt('intercom-jwt', $token)->isVerified());
        self::assertSame('invalid_timestamp', self::code(static fn () => $keyring->widgetJson(Preset::IntercomJwt, 'a', $user, ttl: -1)));
        self::assertSame('invalid_timestamp', self::code(static fn () => $keyring->verifyJwt(Preset::IntercomJwt, $token, -1)));
        self::assertSame('timestamp_in_milliseconds', self::code(static fn () => $keyring->widgetJson(Preset::IntercomJwt, 'a', $user, now: self::NOW * 1000)));
    }

    public function testIssueJwt(): void
    {
        $keyring = Keyring::forPreset(Preset::IntercomJwt, 'your_secret_key');
        $user = ['id' => 'user123'];
        $before = time();
        $token = $keyring->issueJwt(Preset::IntercomJwt, $user); // $now: time(), no exp
        $claims = JwtTest::part($token, 1);
        self::assertSame(['user_id', 'iat'], array_keys($claims));
        self::assertGreaterThanOrEqual($before, $claims['iat']);
        self::assertLessThanOrEqual(time(), $claims['iat']);
        self::assertTrue($keyring->verifyJwt(Preset::IntercomJwt, $token)->isVerified());
        $token = $keyring->issueJwt(Preset::IntercomJwt, ['id' => 42], self::NOW + 60, self::NOW);
        self::assertSame(['user_id' => '42', 'iat' => self::NOW, 'exp' => self::NOW + 60], JwtTest::part($token, 1));
        self::assertSame('expired', $keyring->verifyJwt(Preset::IntercomJwt, $token, now: self::NOW + 60)->outcome);
        foreach ([
            ['not_a_jwt_profile', static fn () => $keyring->issueJwt(Preset::Crisp, ['id' => 'u', 'email' => 'jo@example.com'])],
            ['unknown_preset', static fn () => $keyring->issueJwt('drift', $user)],
            ['field_not_in_preset', static fn () => $keyring->issueJwt(Preset::Featurebase, $user, self::NOW + 60, self::NOW)],
            ['field_not_in_preset', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['id' => 'u', 'phone' => '+15551234567'])],
            ['invalid_email', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['id' => 'u', 'email' => 'not an email'])],
            ['empty_user_id', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['name' => 'no id'])],
            ['invalid_widget_config', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['id' => 'u', 'nickname' => 'x'])],
            ['text_not_utf8', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['id' => 'u', 'name' => "\xFF"])],
            ['user_id_not_unicode', static fn () => $keyring->issueJwt(Preset::IntercomJwt, ['id' => "\xFF"])],
            ['invalid_timestamp', static fn () => $keyring->issueJwt(Preset::IntercomJwt, $user, -1)],
            ['timestamp_in_milliseconds', static fn () => $keyring->issueJwt(Preset::IntercomJwt, $user, now: self::NOW * 1000)],
        ] as $i => [$code, $call]) {
            self::assertSame($code, self::code($call), "case {$i}");
        }
        try {
            $keyring->issueJwt(Preset::IntercomJwt, ['id' => 1.5]);
            self::fail('a float id');
        } catch (UserIdTypeError $e) {
            self::assertSame('invalid_user_id_type', $e->getErrorCode());
        }
    }

    public function testTheHookGetsTheTokensSubject(): void
    {
        [$keyring, $events] = self::recording(Keyring::forPreset(Preset::Zendesk, 'your_secret_key', 'app_1'));
        $token = json_decode($keyring->widgetJson(Preset::Zendesk, user: ['id' => 'user123'], ttl: 60, now: self::NOW));
        $result = $keyring->verifyJwt(Preset::Zendesk, $token, now: self::NOW + 60);
        self::assertSame(['expired', 'app_1', 'user123'], [$result->outcome, $result->keyId, $result->claims['external_id']]);
        self::assertSame('expired (key app_1)', (string) $result);
        self::assertEquals([new FailureEvent('expired', null, 'app_1', 'user123', substr($token, 0, 8))], $events->getArrayCopy());
        self::assertSame('jwt_expired', $keyring->explainJwt(Preset::Zendesk, $token, now: self::NOW + 60)->code);
        self::assertSame('verified', $keyring->explainJwt(Preset::Zendesk, $token, now: self::NOW)->code);
        self::assertCount(2, $events);
        // A null or empty token is missing, and reported.
        self::assertSame('missing', $keyring->verifyJwt(Preset::Zendesk, null)->outcome);
        self::assertSame('missing', (string) $keyring->verifyJwt(Preset::Zendesk, ''));
        self::assertSame('missing_hash', $keyring->explainJwt(Preset::Zendesk, null)->code);
        self::assertSame(['missing', 'missing', 'missing'], array_map(static fn (FailureEvent $e): string => $e->outcome, \array_slice($events->getArrayCopy(), 2)));
        // What the hook throws comes out of the call.
        $keyring->onFailure(static function (): void {
            throw new \DomainException('from the hook');
        });
        try {
            $keyring->verifyJwt(Preset::Zendesk, 'x');
            self::fail('the hook did not throw');
        } catch (\DomainException $e) {
            self::assertSame('from the hook', $e->getMessage());
        }
    }

    public function testADestroyedKeyringRefusesTheVendorMethods(): void
    {
        $keyring = Keyring::forPreset(Preset::Zendesk, 'your_secret_key');
        $keyring->__destruct();
        foreach ([
            'widgetScript' => fn () => $keyring->widgetScript(Preset::Zendesk, user: ['id' => 'u']),
            'widgetJson' => fn () => $keyring->widgetJson(Preset::Zendesk, user: ['id' => 'u']),
            'verifyJwt' => fn () => $keyring->verifyJwt(Preset::Zendesk, 'a.b.c'),
            'explainJwt' => fn () => $keyring->explainJwt(Preset::Zendesk, 'a.b.c'),
            'explainPreset' => fn () => $keyring->explainPreset(Preset::Crisp, 'u', '', 'jo@example.com'),
            'issueJwt' => fn () => $keyring->issueJwt(Preset::Zendesk, ['id' => 'u']),
        ] as $method => $call) {
            try {
                $call();
                self::fail("{$method} after __destruct");
            } catch (\Userhash\ClosedError $e) {
                self::assertStringContainsString('Userhash\Keyring has been destroyed', $e->getMessage(), $method);
            }
        }
    }

    public function testAKeyringDestroyedByItsOwnHookFinishesTheJwtCheckInFlight(): void
    {
        $keyring = Keyring::forPreset(Preset::Zendesk, 'your_secret_key', 'app_1');
        $token = json_decode($keyring->widgetJson(Preset::Zendesk, user: ['id' => 'user123'], ttl: 60, now: self::NOW));
        $keyring->onFailure(function () use (&$keyring): void {
            $keyring->__destruct();
        });
        $result = $keyring->verifyJwt(Preset::Zendesk, $token, now: self::NOW + 60);
        self::assertSame(['expired', 'app_1', 'user123'], [$result->outcome, $result->keyId, $result->claims['external_id']]);
        $this->expectException(\Userhash\ClosedError::class);
        $keyring->verifyJwt(Preset::Zendesk, $token, now: self::NOW);
    }

    public function testExplainPresetReportsTheEmailItHashed(): void
    {
        [$keyring, $events] = self::recording(Keyring::forPreset(Preset::Crisp, 'your_secret_key'));
        $finding = $keyring->explainPreset(Preset::Crisp, 'user123', hash_hmac('sha256', 'user123', 'your_secret_key'), 'jo@example.com');
        self::assertSame('id_instead_of_email', $finding->code);
        self::assertSame(['mismatch', 'jo@example.com'], [$events[0]->outcome, $events[0]->userId]);
        $hash = hash_hmac('sha256', 'jo@example.com', 'your_secret_key');
        self::assertSame('verified', $keyring->explainPreset(Preset::Crisp, 'user123', $hash, 'jo@example.com')->code);
        self::assertCount(1, $events);
        self::assertSame('verified', $keyring->explainPreset(Preset::Intercom, 42, hash_hmac('sha256', '42', 'your_secret_key'))->code);
    }

    public function testMisuse(): void
    {
        $keyring = Keyring::forPreset(Preset::Intercom, 'your_secret_key');
        $hash = hash_hmac('sha256', 'user123', 'your_secret_key');
        self::assertSame('not_a_jwt_profile', self::code(static fn () => $keyring->verifyJwt(Preset::Intercom, 'a.b.c')));
        self::assertSame('not_a_jwt_profile', self::code(static fn () => $keyring->explainJwt('crisp', 'a.b.c')));
        self::assertSame('field_not_in_preset', self::code(static fn () => $keyring->explainPreset(Preset::IntercomJwt, 'user123', $hash)));
        self::assertSame('unknown_preset', self::code(static fn () => $keyring->verifyJwt('drift', 'a.b.c')));
        self::assertSame('unknown_preset', self::code(static fn () => $keyring->widgetJson('IntercomJwt', 'a')));
        self::assertSame('unknown_preset', self::code(static fn () => Keyring::forPreset('Intercom', 'your_secret_key')));
        self::assertSame('missing_email', self::code(static fn () => $keyring->explainPreset(Preset::Crisp, 'user123', $hash)));
        self::assertSame('empty_user_id', self::code(static fn () => $keyring->explainPreset(Preset::Intercom, '', $hash)));
        self::assertSame('text_not_utf8', self::code(static fn () => $keyring->verifyJwt("\xFF", 'a.b.c')));
        self::assertSame('secret_not_utf8', self::code(static fn () => Keyring::forPreset(Preset::Crisp, "\xFF")));
        self::assertSame('invalid_nonce', self::code(static fn () => $keyring->widgetScript(Preset::Intercom, 'a', nonce: '"><script>')));
        self::assertSame('empty_user_id', self::code(static fn () => $keyring->widgetJson(Preset::Intercom, 'a', ['name' => 'no id'])));
        self::assertSame('invalid_widget_config', self::code(static fn () => $keyring->widgetJson(Preset::Intercom, 'a', ['id' => 'u', 'nickname' => 'x'])));
        self::assertSame('text_not_utf8', self::code(static fn () => $keyring->widgetJson(Preset::Intercom, 'a', ['id' => 'u', 'name' => "\xFF"])));
        try {
            $keyring->explainPreset(Preset::Intercom, 1.5, $hash);
            self::fail('a float id');
        } catch (UserIdTypeError $e) {
            self::assertSame('invalid_user_id_type', $e->getErrorCode());
        }
        // PHP's own types: a preset is a Preset or a string, a token a string or null.
        foreach ([
            static fn () => $keyring->verifyJwt(null, 'a.b.c'),
            static fn () => $keyring->verifyJwt(Preset::Zendesk, 42),
            static fn () => Keyring::forPreset(Preset::Crisp, null),
            static fn () => $keyring->widgetJson(Preset::Intercom, 'a', ttl: '60'),
        ] as $call) {
            try {
                $call();
                self::fail('no TypeError');
            } catch (\TypeError $e) {
                self::assertStringContainsString('must be of type', $e->getMessage());
            }
        }
        // A wrong token is an outcome, never an error.
        self::assertSame('malformed [jwt_format]', (string) (new Keyring('k', 'your_secret_key'))->verifyJwt(Preset::Canny, $hash));
    }
}
