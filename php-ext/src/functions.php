<?php

declare(strict_types=1);

namespace Userhash;

/**
 * One-off hash of `$userId` with a text secret. Reuse a Signer to sign more than once.
 *
 * @param string|int $userId anything else is a TypeError
 * @throws UserhashException
 */
function sign(#[\SensitiveParameter] string $secret, mixed $userId): string
{
    static $hash = null;
    $ffi = Native::ffi();
    $hash ??= $ffi->new('char[' . Native::HASH_BUF_LEN . ']');
    $userId = Native::userId($userId, __FUNCTION__);
    Native::check($ffi->userhash_sign($secret, \strlen($secret), $userId, \strlen($userId), $hash, Native::HASH_BUF_LEN));
    return \FFI::string($hash, Native::HASH_LEN);
}

/**
 * One-off check that `$hash` is the hash of `$userId` under a text secret. A missing (null
 * or empty) hash is `false`, like a wrong one.
 *
 * @param string|int $userId anything else is a TypeError
 * @throws UserhashException
 */
function verify(#[\SensitiveParameter] string $secret, mixed $userId, ?string $hash): bool
{
    static $valid = null;
    $ffi = Native::ffi();
    $valid ??= $ffi->new('bool');
    $userId = Native::userId($userId, __FUNCTION__);
    $hash ??= '';
    Native::check($ffi->userhash_verify($secret, \strlen($secret), $userId, \strlen($userId), $hash, \strlen($hash), \FFI::addr($valid)));
    return $valid->cdata;
}

/**
 * A new random secret: 32 bytes from the OS CSPRNG as 64 hex characters, to be used as a
 * text secret.
 *
 * @throws UserhashException rng_failure
 */
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
 * Why `$hash` does or does not verify for `$userId` under the text secret `$secret`: the
 * usual mistakes tried in turn (see Keyring::explain). Neither code nor message ever
 * contains the secret. A server-side debugging aid: never expose it to end users
 * unauthenticated.
 *
 * @param string|int $userId anything else is a TypeError
 * @throws UserhashException empty_user_id, and the errors of the secret
 */
function explain(#[\SensitiveParameter] string $secret, mixed $userId, ?string $hash, ?string $email = null): Finding
{
    // What the core's explain() does: a keyring of this one key, named "default".
    return (new Keyring('default', $secret))->explain($userId, $hash, $email);
}

/** The version of the C library, the version of every userhash package. */
function version(): string
{
    return (string) Native::ffi()->userhash_version();
}
