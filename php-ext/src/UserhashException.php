<?php

declare(strict_types=1);

namespace Userhash;

/**
 * An error reported by userhash. `getCode()` is the C library's `userhash_result` value and
 * `getErrorCode()` the stable code string every userhash binding uses (`"empty_user_id"`).
 * Messages never contain secret material.
 */
final class UserhashException extends \RuntimeException
{
    public function __construct(string $message, int $result, private readonly string $errorCode)
    {
        parent::__construct("{$message} [{$errorCode}]", $result);
    }

    /** The stable code string, such as `"secret_whitespace"`. */
    public function getErrorCode(): string
    {
        return $this->errorCode;
    }
}
