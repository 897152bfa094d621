<?php

declare(strict_types=1);

namespace Userhash;

/**
 * What a detailed verification found (docs/spec.md, section 4). `outcome` is one of the
 * stable names every userhash binding uses: verified, missing, malformed, mismatch, expired.
 */
final class Verification
{
    /** The outcome names, by their C values (`userhash_outcome`). */
    public const VERIFIED = Contract::OUTCOMES[1];
    public const MISSING = Contract::OUTCOMES[2];
    public const MALFORMED = Contract::OUTCOMES[3];
    public const MISMATCH = Contract::OUTCOMES[4];
    public const EXPIRED = Contract::OUTCOMES[5];

    /**
     * @param string $outcome one of the constants above
     * @param ?string $keyId the key that matched (verified and expired), else null
     * @param ?string $reason for malformed input, an error code such as `hash_not_hex`
     */
    public function __construct(
        public readonly string $outcome,
        public readonly ?string $keyId = null,
        public readonly ?string $reason = null,
    ) {
    }

    /** Whether the identity is verified: the only outcome that may let a user in. */
    public function isVerified(): bool
    {
        return $this->outcome === self::VERIFIED;
    }

    /** `verified (key current)`, `malformed [hash_not_hex]`, `mismatch`… */
    public function __toString(): string
    {
        return $this->outcome
            . ($this->keyId !== null ? " (key {$this->keyId})" : '')
            . ($this->reason !== null ? " [{$this->reason}]" : '');
    }
}
