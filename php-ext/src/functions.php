<?php

declare(strict_types=1);

namespace Userhash;

/**
 * One-off hash of `$userId` with a text secret; reuse a Signer to sign more than once.
 * @param string|int $userId
 */
function sign(#[\SensitiveParameter] string $secret, mixed $userId): string
{
    static $hash = null;
    $ffi = Native::ffi();
    $hash ??= $ffi->new('char[' . Native::HASH_BUF_LEN . ']');
    $userId = Native::userId($userId, __FUNCTION__);
    $result = $ffi->userhash_sign($secret, \strlen($secret), $userId, \strlen($userId), $hash, Native::HASH_BUF_LEN);
    $result === 0 || throw Native::error($result); // not Native::check(): one call less on the hot path
    return \FFI::string($hash, Native::HASH_LEN);
}

/**
 * One-off Signer::verify() with a text secret: a missing (null or empty) hash is false.
 * @param string|int $userId
 */
function verify(#[\SensitiveParameter] string $secret, mixed $userId, ?string $hash): bool
{
    static $valid = null;
    $ffi = Native::ffi();
    $valid ??= $ffi->new('bool');
    $userId = Native::userId($userId, __FUNCTION__);
    $hash ??= '';
    $result = $ffi->userhash_verify($secret, \strlen($secret), $userId, \strlen($userId), $hash, \strlen($hash), \FFI::addr($valid));
    Native::check($result);
    return $valid->cdata;
}

/** A new text secret: 32 bytes from the OS CSPRNG as 64 hex characters (rng_failure if it fails). */
function generateSecret(): string
{
    $ffi = Native::ffi();
    $secret = $ffi->new('char[' . Native::HASH_BUF_LEN . ']');
    Native::check($ffi->userhash_generate_secret($secret, Native::HASH_BUF_LEN));
    $text = \FFI::string($secret, Native::HASH_LEN);
    \FFI::memset($secret, 0, Native::HASH_BUF_LEN);
    return $text;
}

/**
 * Keyring::explain() for one text secret (the key "default"): server-side only.
 * @param string|int $userId
 */
function explain(#[\SensitiveParameter] string $secret, mixed $userId, ?string $hash, ?string $email = null): Finding
{
    return (new Keyring('default', $secret))->explain($userId, $hash, $email);
}

/** The version of the C library, the version of every userhash package. */
function version(): string
{
    return (string) Native::ffi()->userhash_version();
}
