<?php

/**
 * Every case of tests/vectors/vectors.json through an installed package, as a user's code
 * reaches it (the autoloader given), with hash_hmac as the oracle of every hash:
 *
 *     php vectors.php vendor/autoload.php path/to/vectors.json LABEL
 *
 * Prints each failure and ends with "LABEL: N passed, N failed"; exits 1 on any failure.
 */

declare(strict_types=1);

use Userhash\Keyring;
use Userhash\Signer;
use Userhash\Widget;

[, $autoload, $vectorsFile, $label] = $argv;
require $autoload;
$vectors = json_decode((string) file_get_contents($vectorsFile), true, 512, JSON_THROW_ON_ERROR);

$passed = $failed = 0;
/** Counts one vector: every pair of `$checks` is [expected, actual]. */
$check = static function (string $name, array $checks) use (&$passed, &$failed): void {
    try {
        foreach ($checks as [$expected, $actual]) {
            if ($expected !== $actual) {
                throw new RuntimeException(var_export($expected, true) . ' expected, got ' . var_export($actual, true));
            }
        }
        $passed++;
    } catch (Throwable $e) {
        $failed++;
        echo "FAIL {$name}: {$e->getMessage()}\n";
    }
};

foreach ([...$vectors['sign'], ...$vectors['lone_surrogate']['cases']] as $case) {
    $secret = isset($case['secret_hex']) ? (string) hex2bin($case['secret_hex']) : $case['secret_text'];
    $userId = (string) hex2bin($case['user_id_hex']);
    $oracle = hash_hmac('sha256', $userId, $secret);
    $signer = Signer::fromBytes($secret);
    $check("sign {$case['name']}", [
        [$case['hash'], $oracle],
        [$oracle, $signer->sign($userId)],
        [[$oracle], $signer->signMany([$userId])],
        [true, $signer->verify($userId, $oracle)],
        ...(isset($case['secret_text']) ? [[$oracle, Userhash\sign($case['secret_text'], $userId)]] : []),
    ]);
}

foreach ($vectors['verify'] as $case) {
    $secret = (string) hex2bin($case['secret_hex']);
    $userId = (string) hex2bin($case['user_id_hex']);
    $oracle = hash_equals(hash_hmac('sha256', $userId, $secret), strtolower($case['hash']));
    $check("verify {$case['name']}", [
        [$case['valid'], $oracle],
        [$oracle, Signer::fromBytes($secret)->verify($userId, $case['hash'])],
        [$oracle, Userhash\verify($case['secret_text'], $userId, $case['hash'])],
    ]);
}

// docs/spec.md 2.2: token_key = HMAC(key "userhash-token-v1", secret), MAC over "v1" 0x00 EXPIRES_AT (u64 BE) id.
foreach ($vectors['token']['cases'] as $case) {
    $secret = (string) hex2bin($case['secret_hex']);
    $userId = (string) hex2bin($case['user_id_hex']);
    $expiresAt = (int) $case['expires_at'];
    $tokenKey = hash_hmac('sha256', $secret, 'userhash-token-v1', true);
    $oracle = "v1.{$expiresAt}." . hash_hmac('sha256', "v1\0" . pack('J', $expiresAt) . $userId, $tokenKey);
    $keyring = Keyring::fromBytes('k', $secret);
    $checks = [[$case['token'], $oracle], [$oracle, $keyring->issueTokenAt($userId, $expiresAt)]];
    foreach ($case['checks'] as $at) {
        $outcome = (int) $at['now'] >= $expiresAt + $at['leeway'] ? 'expired' : 'verified'; // spec 2.3, step 4
        $checks[] = [$at['outcome'], $outcome];
        $checks[] = [$outcome, $keyring->verifyToken($userId, $oracle, $at['leeway'], (int) $at['now'])->outcome];
    }
    $check("token {$case['name']}", $checks);
}

$seed = new Keyring('k', 'your_secret_key');
foreach ($vectors['token']['rejections'] as $case) {
    $result = $seed->verifyToken('user123', $case['token'], 0, 1767225599);
    $check("token rejection {$case['name']}", [[$case['outcome'], $result->outcome], [$case['reason'], $result->reason]]);
}

foreach ($vectors['widget']['cases'] as $case) {
    $args = [$case['secret_text'], $case['preset'], $case['app_id'], $case['user']];
    $checks = [
        [$case['json'], Widget::json(...$args, global: $case['global'] ?? null)],
        [$case['script'], Widget::script(...$args, nonce: $case['nonce'] ?? null, global: $case['global'] ?? null)],
    ];
    if ($case['user'] !== null) {
        $hash = hash_hmac('sha256', (string) $case['user']['id'], $case['secret_text']);
        $checks[] = [true, str_contains($case['json'], "\"{$hash}\"")];
    }
    $check("widget {$case['name']}", $checks);
}

foreach ($vectors['explain']['cases'] as $case) {
    $keyring = null;
    foreach ($case['keys'] as $key) {
        $secret = (string) hex2bin($key['secret_hex']);
        $keyring = $keyring?->addBytes($key['id'], $secret, notAfter: $key['not_after']) ?? Keyring::fromBytes($key['id'], $secret);
    }
    $finding = $keyring->explain($case['user_id_text'], $case['hash'], $case['email'], $case['now']);
    $check("explain {$case['name']}", [[$case['finding'], $finding->code]]);
}

// Vendor profiles: each snippet and its hash (hash_hmac of what contract.json says is signed; Pylon's key
// hex-decoded), each PyJWT token signed as hash_hmac signs it and verified with its claims, each outcome.
$profiles = array_column(json_decode((string) file_get_contents(dirname($vectorsFile, 3) . '/contract.json'), true)['presets'], null, 'name');
$base64url = static fn (string $bytes): string => rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
foreach ($vectors['vendors']['cases'] as $case) {
    $profile = $profiles[$case['preset']];
    $key = $profile['secret'] === 'hex' ? (string) hex2bin($case['secret_text']) : $case['secret_text'];
    $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
    $args = [$case['preset'], $case['app_id'], $case['user']];
    $checks = [
        [$case['json'] ?? 'null', $keyring->widgetJson(...$args, ttl: $case['ttl'] ?? null, now: $case['now'])],
        [$case['script'], $keyring->widgetScript(...$args, nonce: $case['nonce'], ttl: $case['ttl'] ?? null, now: $case['now'])],
    ];
    if ($case['user'] !== null && $profile['token'] === 'hash') {
        $checks[] = [true, str_contains($case['json'], '"' . hash_hmac('sha256', $case['user'][$profile['signs']], $key) . '"')];
    }
    $check("vendor {$case['name']}", $checks);
}
foreach ($vectors['jwt']['issue'] as $case) {
    $dot = (int) strrpos($case['token'], '.');
    $keyring = Keyring::forPreset($case['preset'], $case['secret_text'], $case['key_id']);
    $result = $keyring->verifyJwt($case['preset'], $case['token'], now: $case['iat']);
    $check("jwt issue {$case['name']}", [
        [substr($case['token'], $dot + 1), $base64url(hash_hmac('sha256', substr($case['token'], 0, $dot), $case['secret_text'], true))],
        [$case['token'], $keyring->issueJwt($case['preset'], $case['user'], $case['exp'], $case['iat'])],
        ['verified', $result->outcome],
        [$case['claims'], $result->claims],
    ]);
}
foreach ($vectors['jwt']['verify'] as $case) {
    $keyring = null;
    foreach ($case['keys'] as $key) {
        $keyring = $keyring?->add($key['id'], $key['secret_text'], notAfter: $key['not_after']) ?? new Keyring($key['id'], $key['secret_text']);
    }
    $result = $keyring->verifyJwt($case['preset'], $case['token'], $case['leeway'], $case['now']);
    $check("jwt verify {$case['name']}", [[[$case['outcome'], $case['reason'], $case['key_id']], [$result->outcome, $result->reason, $result->keyId]]]);
}
foreach ($vectors['explain_vendor']['cases'] as $case) {
    $keyring = $case['secret_text'] !== null ? new Keyring('current', $case['secret_text']) : Keyring::forPreset($case['preset'], $case['profile_secret']);
    $finding = $case['token'] !== null ? $keyring->explainJwt($case['preset'], $case['token'], now: $case['now'])
        : $keyring->explainPreset($case['preset'], $case['user_id_text'], $case['hash'], $case['email'], $case['now']);
    $check("explain vendor {$case['name']}", [[$case['finding'], $finding->code]]);
}

echo "{$label}: {$passed} passed, {$failed} failed\n";
exit($failed === 0 ? 0 : 1);
