<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Keyring;
use Userhash\Preset;

/**
 * Debian has no PHP JWT library, so PHP's own hash_hmac and base64 are the oracle: the tokens a
 * keyring issues are PyJWT's (the jwt.issue vectors), their signature is hash_hmac's under the
 * key and not under another, their parts decode to the vector's header and claims; and tokens
 * built here with hash_hmac for the same claims verify with ours, other keys, algorithms and
 * headers do not.
 */
final class JwtTest extends TestCase
{
    private const OTHER_KEY = 'another-secret';

    public static function base64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /** @return array<string, mixed> part `$index` (0 header, 1 claims) of a JWT, by base64_decode and json_decode */
    public static function part(string $token, int $index): array
    {
        $part = explode('.', $token)[$index];
        return json_decode((string) base64_decode(strtr($part, '-_', '+/'), true), true, flags: JSON_THROW_ON_ERROR);
    }

    /** Whether the token's signature is HMAC-SHA256 of its first two parts under `$key`, by hash_hmac. */
    public static function signedBy(string $token, string $key): bool
    {
        $dot = (int) strrpos($token, '.');
        return hash_equals(self::base64url(hash_hmac('sha256', substr($token, 0, $dot), $key, true)), substr($token, $dot + 1));
    }

    /**
     * A compact JWS made here: the header and claims by json_encode, the MAC by hash_hmac.
     * @param array<string, mixed> $header
     * @param array<string, mixed> $claims
     */
    public static function sign(array $header, array $claims, string $key, string $algorithm = 'sha256'): string
    {
        $input = self::base64url(json_encode($header, JSON_THROW_ON_ERROR)) . '.' . self::base64url(json_encode($claims, JSON_THROW_ON_ERROR));
        return $input . '.' . self::base64url(hash_hmac($algorithm, $input, $key, true));
    }

    /** @return array<string, mixed> the header a profile's tokens have */
    private static function header(array $case): array
    {
        return $case['preset'] === 'zendesk' ? ['alg' => 'HS256', 'kid' => $case['key_id'], 'typ' => 'JWT'] : ['alg' => 'HS256', 'typ' => 'JWT'];
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function issue(): iterable
    {
        return Vectors::cases(['jwt', 'issue']);
    }

    /** The JWT in a snippet's JSON: the JSON string itself, or the one member that is a JWT. */
    private static function tokenOf(string $json): string
    {
        $data = json_decode($json, true, flags: JSON_THROW_ON_ERROR);
        if (\is_string($data)) {
            return $data;
        }
        return array_values(preg_grep('/\A[\w-]+\.[\w-]+\.[\w-]+\z/', $data))[0];
    }

    /**
     * @dataProvider issue
     * @param array<string, mixed> $case
     */
    public function testTheVectorIsWhatHashHmacAndBase64Make(array $case): void
    {
        self::assertTrue(self::signedBy($case['token'], $case['secret_text']));
        self::assertFalse(self::signedBy($case['token'], self::OTHER_KEY));
        self::assertSame(self::header($case), self::part($case['token'], 0));
        self::assertSame($case['claims'], self::part($case['token'], 1));
    }

    /**
     * Our token issued alone, at the vector's time and now, checked by hash_hmac and base64 alone.
     * @dataProvider issue
     * @param array<string, mixed> $case
     */
    public function testOurIssuedTokensAreSignedAsHashHmacSigns(array $case): void
    {
        $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
        foreach ([$case['iat'], time()] as $now) {
            $expiresAt = $case['exp'] === null ? null : $now + $case['exp'] - $case['iat'];
            $token = $keyring->issueJwt($case['preset'], $case['user'], $expiresAt, $now);
            self::assertTrue(self::signedBy($token, $case['secret_text']));
            self::assertFalse(self::signedBy($token, self::OTHER_KEY));
            self::assertSame(self::header($case), self::part($token, 0));
            $times = ['iat' => $now] + ($expiresAt === null ? [] : ['exp' => $expiresAt]);
            self::assertSame(array_replace($case['claims'], $times), self::part($token, 1));
        }
    }

    /**
     * Our snippet's token, issued at the vector's time and now, checked by hash_hmac and base64 alone.
     * @dataProvider issue
     * @param array<string, mixed> $case
     */
    public function testOurSnippetTokensAreSignedAsHashHmacSigns(array $case): void
    {
        if ($case['exp'] === null && $case['preset'] !== 'featurebase') {
            $this->expectNotToPerformAssertions(); // a snippet's JWT has an exp, except Featurebase's
            return;
        }
        $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
        $ttl = $case['exp'] === null ? null : $case['exp'] - $case['iat'];
        $appId = Vectors::profiles()[$case['preset']]['app_id'] ? 'app' : '';
        foreach ([$case['iat'], time()] as $now) {
            $token = self::tokenOf($keyring->widgetJson($case['preset'], $appId, $case['user'], ttl: $ttl, now: $now));
            self::assertTrue(self::signedBy($token, $case['secret_text']));
            self::assertFalse(self::signedBy($token, self::OTHER_KEY));
            self::assertSame(self::header($case), self::part($token, 0));
            // The vector's claims in their order, with this token's times.
            $times = ['iat' => $now] + ($ttl === null ? [] : ['exp' => $now + $ttl]);
            self::assertSame(array_replace($case['claims'], $times), self::part($token, 1));
        }
    }

    /**
     * @dataProvider issue
     * @param array<string, mixed> $case
     */
    public function testTokensMadeHereVerifyWithOurs(array $case): void
    {
        $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
        $token = self::sign(self::header($case), $case['claims'], $case['secret_text']);
        $result = $keyring->verifyJwt($case['preset'], $token, now: $case['iat']);
        self::assertSame(['verified', $case['key_id']], [$result->outcome, $result->keyId]);
        self::assertSame($case['claims'], $result->claims);
        if ($case['exp'] !== null) {
            self::assertSame('verified', $keyring->verifyJwt($case['preset'], $token, now: $case['exp'] - 1)->outcome);
            self::assertSame('expired', $keyring->verifyJwt($case['preset'], $token, now: $case['exp'])->outcome);
        }

        $other = self::sign(self::header($case), $case['claims'], self::OTHER_KEY);
        self::assertSame('mismatch', $keyring->verifyJwt($case['preset'], $other, now: $case['iat'])->outcome);
        $hs512 = self::sign(['alg' => 'HS512'] + self::header($case), $case['claims'], $case['secret_text'], 'sha512');
        self::assertSame('malformed [jwt_header]', (string) $keyring->verifyJwt($case['preset'], $hs512, now: $case['iat']));
        $none = self::base64url(json_encode(['alg' => 'none'] + self::header($case))) . '.' . self::base64url(json_encode($case['claims'])) . '.';
        self::assertFalse($keyring->verifyJwt($case['preset'], $none, now: $case['iat'])->isVerified());
        $noTyp = self::header($case);
        unset($noTyp['typ']);
        self::assertSame('malformed [jwt_header]', (string) $keyring->verifyJwt($case['preset'], self::sign($noTyp, $case['claims'], $case['secret_text']), now: $case['iat']));
    }

    public function testEveryJwtPresetHasAnIssueVector(): void
    {
        $presets = array_unique(array_column(Vectors::load()['jwt']['issue'], 'preset'));
        sort($presets);
        $jwt = array_map(static fn (Preset $p): string => $p->value, Preset::JWT);
        sort($jwt);
        self::assertSame($jwt, $presets);
    }

    /** Zendesk's kid selects the key: a rotation seen through tokens made here. */
    public function testZendeskKidSelectsTheKey(): void
    {
        $keyring = Keyring::forPreset(Preset::Zendesk, 'new-secret', 'new')->add('old', 'old-secret');
        $claims = ['scope' => 'user', 'external_id' => 'user123', 'iat' => time()];
        $old = self::sign(['alg' => 'HS256', 'kid' => 'old', 'typ' => 'JWT'], $claims, 'old-secret');
        self::assertSame('verified (key old)', (string) $keyring->verifyJwt(Preset::Zendesk, $old));
        $wrongKid = self::sign(['alg' => 'HS256', 'kid' => 'new', 'typ' => 'JWT'], $claims, 'old-secret');
        self::assertSame('mismatch', (string) $keyring->verifyJwt(Preset::Zendesk, $wrongKid));
        $unknown = self::sign(['alg' => 'HS256', 'kid' => 'nope', 'typ' => 'JWT'], $claims, 'old-secret');
        self::assertSame('jwt_unknown_kid', $keyring->explainJwt(Preset::Zendesk, $unknown)->code);
        $ours = self::tokenOf($keyring->widgetJson(Preset::Zendesk, user: ['id' => 'user123']));
        self::assertSame('new', self::part($ours, 0)['kid']);
        self::assertTrue(self::signedBy($ours, 'new-secret'));
        self::assertFalse(self::signedBy($ours, 'old-secret'));
    }
}
