<?php

declare(strict_types=1);

namespace Userhash;

/** What a detailed verification found (docs/spec.md, section 4): an outcome, with the key or the reason. */
final class Verification
{
    /** The outcome names, the same in every userhash binding. */
    public const VERIFIED = Contract::OUTCOMES[1];
    public const MISSING = Contract::OUTCOMES[2];
    public const MALFORMED = Contract::OUTCOMES[3];
    public const MISMATCH = Contract::OUTCOMES[4];
    public const EXPIRED = Contract::OUTCOMES[5];

    /** `$keyId`: the key that matched (verified, expired); `$reason`: the error code of malformed input. */
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
        $key = $this->keyId !== null ? " (key {$this->keyId})" : '';
        return $this->outcome . $key . ($this->reason !== null ? " [{$this->reason}]" : '');
    }
}
