<?php

declare(strict_types=1);

namespace Userhash;

/** A failed verification, for the onFailure hook: `userId` and `hashPrefix` are the request's, escape them to log. */
final class FailureEvent
{
    /** `$reason`: the error code of malformed input; `$keyId`: the retired key of an expired hash; `$userId`: lossy UTF-8. */
    public function __construct(
        public readonly string $outcome,
        public readonly ?string $reason,
        public readonly ?string $keyId,
        public readonly string $userId,
        public readonly string $hashPrefix,
    ) {
    }
}
