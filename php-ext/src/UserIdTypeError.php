<?php

declare(strict_types=1);

namespace Userhash;

/** A user id that is neither a string nor an int (`invalid_user_id_type`): a TypeError, like PHP's own argument errors. */
final class UserIdTypeError extends \TypeError implements UserhashError
{
    public function __construct(string $message, int $result)
    {
        parent::__construct("{$message} [" . Contract::ERRORS[$result][0] . ']', $result);
    }

    public function getErrorCode(): string
    {
        return Contract::ERRORS[$this->getCode()][0];
    }
}
