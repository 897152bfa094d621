<?php

declare(strict_types=1);

namespace Userhash;

/**
 * What checking a vendor's JWT found (Keyring::verifyJwt): a Verification's outcome, key and
 * reason, and for an authentic token (verified or expired) its claims as signed, decoded by
 * json_decode into an array; null for any other outcome. Never read claims that did not verify.
 */
final class JwtVerification
{
    /** @param ?array<string, mixed> $claims */
    public function __construct(
        public readonly string $outcome,
        public readonly ?string $keyId = null,
        public readonly ?string $reason = null,
        public readonly ?array $claims = null,
    ) {
    }

    /** Whether the token is verified: the only outcome that may let a user in. */
    public function isVerified(): bool
    {
        return $this->outcome === Verification::VERIFIED;
    }

    /** `verified (key current)`, `malformed [jwt_header]`, `mismatch`… */
    public function __toString(): string
    {
        return (string) new Verification($this->outcome, $this->keyId, $this->reason);
    }
}
