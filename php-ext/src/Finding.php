<?php

declare(strict_types=1);

namespace Userhash;

/**
 * What `explain` concluded about a hash: a stable `code` (such as `id_case` or
 * `secret_whitespace`) and a sentence for a developer. Neither ever contains a secret.
 */
final class Finding
{
    public function __construct(
        public readonly string $code,
        public readonly string $message,
    ) {
    }

    public function __toString(): string
    {
        return "{$this->message} [{$this->code}]";
    }
}
