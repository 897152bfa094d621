<?php

declare(strict_types=1);

namespace Userhash;

/**
 * A failed verification, as a Keyring's onFailure hook receives it: enough to count and
 * correlate attempts, never the secret and never the whole hash. `userId` and `hashPrefix`
 * are what the request sent: escape them (json_encode) before logging, or a newline in an
 * id writes a log line of its own.
 */
final class FailureEvent
{
    /**
     * @param string $outcome missing, malformed, mismatch or expired
     * @param ?string $reason for malformed input, an error code such as `hash_not_hex`
     * @param ?string $keyId for expired, the retired key that matched
     * @param string $userId the user id (invalid UTF-8 replaced by U+FFFD)
     * @param string $hashPrefix at most the first 8 characters of the presented hash or token
     */
    public function __construct(
        public readonly string $outcome,
        public readonly ?string $reason,
        public readonly ?string $keyId,
        public readonly string $userId,
        public readonly string $hashPrefix,
    ) {
    }
}
