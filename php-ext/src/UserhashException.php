<?php

declare(strict_types=1);

namespace Userhash;

/** An error the C library reported, with its message (never secret material) ending with the stable code. */
final class UserhashException extends \RuntimeException implements UserhashError
{
    public function __construct(string $message, int $result, private readonly string $errorCode)
    {
        parent::__construct("{$message} [{$errorCode}]", $result);
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }
}
