<?php

declare(strict_types=1);

namespace Userhash;

/**
 * An error reported by the userhash C library. `getCode()` is its `userhash_result` value
 * and `getErrorCode()` the stable code string every userhash binding uses
 * (`"empty_user_id"`). Messages never contain secret material.
 */
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
