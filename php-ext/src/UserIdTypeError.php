<?php

declare(strict_types=1);

namespace Userhash;

/**
 * A user id that is neither a string nor an int (`invalid_user_id_type`): a TypeError, so
 * that it is handled like PHP's own argument type errors.
 */
final class UserIdTypeError extends \TypeError implements UserhashError
{
    public function __construct(string $message, int $result)
    {
        parent::__construct("{$message} [" . self::stableCode($result) . ']', $result);
    }

    public function getErrorCode(): string
    {
        return self::stableCode($this->getCode());
    }

    private static function stableCode(int $result): string
    {
        return Contract::ERRORS[$result][0];
    }
}
