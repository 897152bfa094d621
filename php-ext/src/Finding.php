<?php

declare(strict_types=1);

namespace Userhash;

/** What `explain` concluded: a stable `code` (such as `id_case`) and a sentence for a developer, never a secret. */
final class Finding
{
    public function __construct(public readonly string $code, public readonly string $message)
    {
    }

    /** The message, then the code in brackets. */
    public function __toString(): string
    {
        return "{$this->message} [{$this->code}]";
    }
}
